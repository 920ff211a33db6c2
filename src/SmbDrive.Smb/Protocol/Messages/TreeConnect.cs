using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 TREE_CONNECT request (MS-SMB2 2.2.9).</summary>
/// <remarks>body: 0 StructureSize(9) 2 Flags 4 PathOffset 6 PathLength 8 Buffer (UTF-16LE \\server\share).</remarks>
internal sealed class TreeConnectRequest(string uncPath) : ISmb2Request
{
    private readonly byte[] _path = Encoding.Unicode.GetBytes(uncPath);

    public Smb2Command Command => Smb2Command.TreeConnect;
    public int BodySize => 8 + Math.Max(1, _path.Length);
    public int CreditPayloadSize => 0;

    public void WriteBody(Span<byte> body)
    {
        body.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 9);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], Smb2Header.Size + 8);
        BinaryPrimitives.WriteUInt16LittleEndian(body[6..], (ushort)_path.Length);
        _path.CopyTo(body[8..]);
    }
}

/// <summary>SMB2 TREE_CONNECT response (MS-SMB2 2.2.10).</summary>
/// <remarks>body: 0 StructureSize(16) 2 ShareType 3 Reserved 4 ShareFlags 8 Capabilities 12 MaximalAccess.</remarks>
internal readonly record struct TreeConnectResponse(byte ShareType, uint ShareFlags, uint Capabilities, uint MaximalAccess)
{
    public const uint ShareFlagEncryptData = 0x8000;
    public const byte ShareTypeDisk = 0x1;

    public bool EncryptData => (ShareFlags & ShareFlagEncryptData) != 0;

    public static TreeConnectResponse Parse(ReadOnlySpan<byte> message)
    {
        var r = new BodyReader(message, "TREE_CONNECT", 16, 16);
        return new TreeConnectResponse(r.U8(2), r.U32(4), r.U32(8), r.U32(12));
    }
}
