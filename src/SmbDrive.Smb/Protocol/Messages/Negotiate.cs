using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 NEGOTIATE request (MS-SMB2 2.2.3) with the 3.1.1 negotiate contexts (2.2.3.1).</summary>
/// <remarks>body: 0 StructureSize(36) 2 DialectCount 4 SecurityMode 6 Reserved 8 Capabilities 12 ClientGuid(16)
/// 28 NegotiateContextOffset 32 NegotiateContextCount 34 Reserved2 36 Dialects[], pad to 8, contexts.</remarks>
internal sealed class NegotiateRequest : ISmb2Request
{
    public const ushort SigningEnabled = 0x1, SigningRequired = 0x2;
    public const ushort ContextPreauth = 0x1, ContextEncryption = 0x2, ContextSigning = 0x8;
    public const ushort HashSha512 = 0x1;

    public required IReadOnlyList<SmbDialect> Dialects { get; init; }
    public required ushort SecurityMode { get; init; }
    public required SmbCapabilities Capabilities { get; init; }
    public required Guid ClientGuid { get; init; }
    /// <summary>32 random bytes for the preauth context (3.1.1 only).</summary>
    public byte[] Salt { get; init; } = [];
    public IReadOnlyList<ushort> Ciphers { get; init; } = [];
    public IReadOnlyList<ushort> SigningAlgorithms { get; init; } = [];

    private bool Offers311 => Dialects.Contains(SmbDialect.Smb311);

    public Smb2Command Command => Smb2Command.Negotiate;
    public int CreditPayloadSize => 0;

    private int ContextsStart => Align8(Smb2Header.Size + 36 + 2 * Dialects.Count) - Smb2Header.Size;

    public int BodySize
    {
        get
        {
            if (!Offers311) return 36 + 2 * Dialects.Count;
            int size = ContextsStart;
            size += 8 + 6 + Salt.Length;
            size = Align8(size) + 8 + 2 + 2 * Ciphers.Count;
            size = Align8(size) + 8 + 2 + 2 * SigningAlgorithms.Count;
            return size;
        }
    }

    public void WriteBody(Span<byte> body)
    {
        body.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 36);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)Dialects.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], SecurityMode);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], (uint)Capabilities);
        ClientGuid.TryWriteBytes(body[12..28]);
        for (int i = 0; i < Dialects.Count; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(body[(36 + 2 * i)..], (ushort)Dialects[i]);
        if (!Offers311) return;

        int pos = ContextsStart;
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], (uint)(Smb2Header.Size + pos));
        BinaryPrimitives.WriteUInt16LittleEndian(body[32..], 3);

        pos = WriteContextHeader(body, pos, ContextPreauth, 6 + Salt.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(body[pos..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(body[(pos + 2)..], (ushort)Salt.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(body[(pos + 4)..], HashSha512);
        Salt.CopyTo(body[(pos + 6)..]);
        pos = Align8(pos + 6 + Salt.Length);

        pos = WriteContextHeader(body, pos, ContextEncryption, 2 + 2 * Ciphers.Count);
        pos = WriteList(body, pos, Ciphers);
        pos = Align8(pos);

        pos = WriteContextHeader(body, pos, ContextSigning, 2 + 2 * SigningAlgorithms.Count);
        WriteList(body, pos, SigningAlgorithms);
    }

    private static int WriteContextHeader(Span<byte> body, int pos, ushort type, int dataLength)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(body[pos..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(body[(pos + 2)..], (ushort)dataLength);
        return pos + 8;
    }

    private static int WriteList(Span<byte> body, int pos, IReadOnlyList<ushort> items)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(body[pos..], (ushort)items.Count);
        pos += 2;
        foreach (ushort item in items)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(body[pos..], item);
            pos += 2;
        }
        return pos;
    }

    // Context offsets are aligned relative to the start of the SMB2 header.
    internal static int Align8(int value) => (value + 7) & ~7;
}

/// <summary>SMB2 NEGOTIATE response (MS-SMB2 2.2.4).</summary>
/// <remarks>body: 0 StructureSize(65) 2 SecurityMode 4 DialectRevision 6 NegotiateContextCount 8 ServerGuid(16)
/// 24 Capabilities 28 MaxTransactSize 32 MaxReadSize 36 MaxWriteSize 40 SystemTime 48 ServerStartTime
/// 56 SecurityBufferOffset 58 SecurityBufferLength 60 NegotiateContextOffset 64 Buffer.</remarks>
internal sealed class NegotiateResponse
{
    public ushort SecurityMode { get; private init; }
    public ushort DialectRevision { get; private init; }
    public Guid ServerGuid { get; private init; }
    public SmbCapabilities Capabilities { get; private init; }
    public uint MaxTransactSize { get; private init; }
    public uint MaxReadSize { get; private init; }
    public uint MaxWriteSize { get; private init; }
    public byte[] SecurityBuffer { get; private init; } = [];
    public ushort? PreauthHashAlgorithm { get; private init; }
    public ushort? Cipher { get; private init; }
    public ushort? SigningAlgorithm { get; private init; }

    public bool SigningRequired => (SecurityMode & NegotiateRequest.SigningRequired) != 0;

    public static NegotiateResponse Parse(ReadOnlySpan<byte> message)
    {
        var r = new BodyReader(message, "NEGOTIATE", 65, 64);
        ushort dialect = r.U16(4);
        ushort? hash = null, cipher = null, signing = null;
        if (dialect == (ushort)SmbDialect.Smb311)
        {
            int count = r.U16(6);
            long pos = r.U32(60);
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> ctxHeader = r.Buffer(pos, 8);
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(ctxHeader);
                ushort length = BinaryPrimitives.ReadUInt16LittleEndian(ctxHeader[2..]);
                ReadOnlySpan<byte> data = r.Buffer(pos + 8, length);
                switch (type)
                {
                    case NegotiateRequest.ContextPreauth when data.Length >= 6:
                        hash = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
                        break;
                    case NegotiateRequest.ContextEncryption when data.Length >= 4:
                        cipher = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
                        break;
                    case NegotiateRequest.ContextSigning when data.Length >= 4:
                        signing = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
                        break;
                }
                pos = NegotiateRequest.Align8((int)(pos + 8 + length));
            }
        }
        var response = new NegotiateResponse
        {
            SecurityMode = r.U16(2),
            DialectRevision = dialect,
            ServerGuid = r.Guid(8),
            Capabilities = (SmbCapabilities)r.U32(24),
            MaxTransactSize = r.U32(28),
            MaxReadSize = r.U32(32),
            MaxWriteSize = r.U32(36),
            SecurityBuffer = r.Buffer(r.U16(56), r.U16(58)).ToArray(),
            PreauthHashAlgorithm = hash,
            Cipher = cipher,
            SigningAlgorithm = signing,
        };
        if (response.MaxReadSize == 0 || response.MaxTransactSize == 0)
            throw r.Malformed("server limits of zero");
        return response;
    }
}

/// <summary>SMB2_GLOBAL_CAP_* (MS-SMB2 2.2.3).</summary>
[Flags]
internal enum SmbCapabilities : uint
{
    None = 0,
    Dfs = 0x1,
    Leasing = 0x2,
    LargeMtu = 0x4,
    MultiChannel = 0x8,
    PersistentHandles = 0x10,
    DirectoryLeasing = 0x20,
    Encryption = 0x40,
}
