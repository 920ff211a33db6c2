using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_NT_CREATE_ANDX request (MS-CIFS 2.2.4.64.1), without an oplock. It carries the caller's real
/// DesiredAccess, ShareAccess, CreateDisposition, CreateOptions and attributes: the values and their meaning are
/// those of SMB2 CREATE (both hand them to the same NT create on the server), so SmbAccess and its siblings apply.</summary>
/// <remarks>Words (24): 0 AndX(4) 4 Reserved(1) 5 NameLength(2) 7 Flags(4) 11 RootDirectoryFID(4) 15 DesiredAccess(4)
/// 19 AllocationSize(8) 27 ExtFileAttributes(4) 31 ShareAccess(4) 35 CreateDisposition(4) 39 CreateOptions(4)
/// 43 ImpersonationLevel(4) 47 SecurityFlags(1). Bytes: Pad, FileName (null-terminated; NameLength excludes the
/// terminator, as Windows clients send it).</remarks>
internal sealed class NtCreateAndXRequest(string sharePath, uint desiredAccess, uint createOptions, uint shareAccess = NtCreateAndXRequest.ShareAll,
    uint disposition = NtCreateAndXRequest.DispositionOpen, uint attributes = 0) : ISmb1Request
{
    private const int WordCount = 24;
    public const uint ShareAll = 0x7, DispositionOpen = 0x1, ImpersonationImpersonation = 0x2;

    /// <summary>The request for an SMB2-style set of create parameters.</summary>
    public static NtCreateAndXRequest For(string sharePath, SmbCreateParameters parameters) =>
        new(sharePath, (uint)parameters.Access, (uint)parameters.Options, (uint)parameters.ShareAccess, (uint)parameters.Disposition,
            (uint)parameters.Attributes);

    public Smb1Command Command => Smb1Command.NtCreateAndX;

    private static int NameStart => Smb1Layout.BytesOffset(WordCount);

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, strings.SizeAt(NameStart, sharePath));

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        int byteCount = strings.SizeAt(NameStart, sharePath);
        int nameLength = byteCount - strings.Pad(NameStart) - (strings.IsUnicode ? 2 : 1);
        Span<byte> words = Smb1Layout.Begin(message, WordCount, byteCount);
        Smb1Layout.NoAndX(words);
        BinaryPrimitives.WriteUInt16LittleEndian(words[5..], (ushort)nameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(words[15..], desiredAccess);
        BinaryPrimitives.WriteUInt32LittleEndian(words[27..], attributes);
        BinaryPrimitives.WriteUInt32LittleEndian(words[31..], shareAccess);
        BinaryPrimitives.WriteUInt32LittleEndian(words[35..], disposition);
        BinaryPrimitives.WriteUInt32LittleEndian(words[39..], createOptions);
        BinaryPrimitives.WriteUInt32LittleEndian(words[43..], ImpersonationImpersonation);
        strings.Write(message, NameStart, sharePath);
    }
}
