using System.Text;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_NEGOTIATE request (MS-CIFS 2.2.4.52.1): WordCount 0, then one dialect string per entry,
/// each a 0x02 buffer-format byte followed by a null-terminated ASCII name.</summary>
internal sealed class Smb1NegotiateRequest(IReadOnlyList<string> dialects) : ISmb1Request
{
    public const string NtLm012 = "NT LM 0.12";
    /// <summary>The strings that let an SMB2 server answer with an SMB2 NEGOTIATE response (MS-SMB2 3.3.5.3.1).</summary>
    public const string Smb2002 = "SMB 2.002", Smb2Wildcard = "SMB 2.???";

    public IReadOnlyList<string> Dialects { get; } = dialects;

    public Smb1Command Command => Smb1Command.Negotiate;

    private int ByteCount => Dialects.Sum(d => 2 + Encoding.ASCII.GetByteCount(d));

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(0, ByteCount);

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        Smb1Layout.Begin(message, 0, ByteCount);
        int pos = Smb1Layout.BytesOffset(0);
        foreach (string dialect in Dialects)
        {
            message[pos++] = 0x02;
            pos += Encoding.ASCII.GetBytes(dialect, message[pos..]);
            message[pos++] = 0;
        }
    }
}
