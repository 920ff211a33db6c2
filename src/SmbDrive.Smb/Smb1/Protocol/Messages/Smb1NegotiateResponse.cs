namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_NEGOTIATE response for NT LM 0.12 with extended security (MS-CIFS 2.2.4.52.2, MS-SMB 2.2.4.5.2).</summary>
/// <remarks>Words (17): 0 DialectIndex(2) 2 SecurityMode(1) 3 MaxMpxCount(2) 5 MaxNumberVcs(2) 7 MaxBufferSize(4)
/// 11 MaxRawSize(4) 15 SessionKey(4) 19 Capabilities(4) 23 SystemTime(8) 31 ServerTimeZone(2) 33 ChallengeLength(1).
/// Bytes: ServerGUID(16) and a SPNEGO hint, or (without extended security) the challenge and domain name.</remarks>
internal sealed record Smb1NegotiateResponse
{
    public const ushort NoDialect = 0xFFFF;

    public required ushort DialectIndex { get; init; }
    public Smb1SecurityMode SecurityMode { get; init; }
    public ushort MaxMpxCount { get; init; }
    public uint MaxBufferSize { get; init; }
    public uint SessionKey { get; init; }
    public Smb1Capabilities Capabilities { get; init; }
    public Guid ServerGuid { get; init; }

    public bool ExtendedSecurity => (Capabilities & Smb1Capabilities.ExtendedSecurity) != 0;
    public bool SigningEnabled => (SecurityMode & (Smb1SecurityMode.SignaturesEnabled | Smb1SecurityMode.SignaturesRequired)) != 0;
    public bool SigningRequired => (SecurityMode & Smb1SecurityMode.SignaturesRequired) != 0;

    public static Smb1NegotiateResponse Parse(ReadOnlySpan<byte> message)
    {
        var reader = new Smb1Reader(message, "NEGOTIATE");
        reader.RequireWords(1);
        ushort index = reader.U16(0);
        if (index == NoDialect) return new Smb1NegotiateResponse { DialectIndex = index };
        if (reader.WordCount != 17)
            throw reader.Malformed($"WordCount {reader.WordCount} for dialect {index}; NT LM 0.12 answers with 17");
        var capabilities = (Smb1Capabilities)reader.U32(19);
        Guid guid = default;
        if ((capabilities & Smb1Capabilities.ExtendedSecurity) != 0)
        {
            if (reader.ByteCount < 16) throw reader.Malformed("extended security without a ServerGUID");
            guid = new Guid(reader.Bytes[..16]);
        }
        return new Smb1NegotiateResponse
        {
            DialectIndex = index,
            SecurityMode = (Smb1SecurityMode)reader.U8(2),
            MaxMpxCount = reader.U16(3),
            MaxBufferSize = reader.U32(7),
            SessionKey = reader.U32(15),
            Capabilities = capabilities,
            ServerGuid = guid,
        };
    }
}
