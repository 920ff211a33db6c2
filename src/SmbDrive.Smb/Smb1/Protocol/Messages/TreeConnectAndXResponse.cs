using System.Text;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_TREE_CONNECT_ANDX response (MS-CIFS 2.2.4.55.2, MS-SMB 2.2.4.7.2): the TID is in the header;
/// the bytes start with the service type, an OEM string: "A:" for a disk share.</summary>
internal static class TreeConnectAndXResponse
{
    public const string DiskService = "A:";

    /// <summary>The Service string of the response.</summary>
    public static string ParseService(ReadOnlySpan<byte> message)
    {
        var reader = new Smb1Reader(message, "TREE_CONNECT_ANDX");
        reader.RequireWords(3);
        ReadOnlySpan<byte> bytes = reader.Bytes;
        int end = bytes.IndexOf((byte)0);
        if (end < 0) throw reader.Malformed("Service is not null-terminated");
        return Encoding.ASCII.GetString(bytes[..end]);
    }
}
