using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_TREE_CONNECT_ANDX request (MS-CIFS 2.2.4.55.1, MS-SMB 2.2.4.7.1).</summary>
/// <remarks>Words (4): 0 AndX(4) 4 Flags(2) 6 PasswordLength(2). Bytes: Password, Pad, Path (\\server\share),
/// Service (OEM "?????" = any type). With user-level security the password is one null byte.</remarks>
internal sealed class TreeConnectAndXRequest(string uncPath) : ISmb1Request
{
    private const int WordCount = 4;
    private const string AnyService = "?????";

    public Smb1Command Command => Smb1Command.TreeConnectAndX;

    private static int PasswordStart => Smb1Layout.BytesOffset(WordCount);

    private int ByteCount(Smb1Strings strings) =>
        1 + strings.SizeAt(PasswordStart + 1, uncPath) + AnyService.Length + 1;

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, ByteCount(strings));

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        Span<byte> words = Smb1Layout.Begin(message, WordCount, ByteCount(strings));
        Smb1Layout.NoAndX(words);
        BinaryPrimitives.WriteUInt16LittleEndian(words[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(words[6..], 1);
        message[PasswordStart] = 0;
        int pos = strings.Write(message, PasswordStart + 1, uncPath);
        pos += Encoding.ASCII.GetBytes(AnyService, message[pos..]);
        message[pos] = 0;
    }
}
