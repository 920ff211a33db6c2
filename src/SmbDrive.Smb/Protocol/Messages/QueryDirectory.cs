using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 QUERY_DIRECTORY request (MS-SMB2 2.2.33).</summary>
/// <remarks>body: 0 StructureSize(33) 2 FileInformationClass 3 Flags 4 FileIndex 8 FileId(16)
/// 24 FileNameOffset 26 FileNameLength 28 OutputBufferLength 32 Buffer.</remarks>
internal sealed class QueryDirectoryRequest(Smb2FileId fileId, string pattern, int outputBufferLength, bool restart) : ISmb2Request
{
    public const byte RestartScans = 0x1;

    private readonly byte[] _pattern = Encoding.Unicode.GetBytes(pattern);

    public Smb2Command Command => Smb2Command.QueryDirectory;
    public int BodySize => 32 + Math.Max(1, _pattern.Length);
    public int CreditPayloadSize => outputBufferLength;

    public void WriteBody(Span<byte> body)
    {
        body.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 33);
        body[2] = FileInformation.FileIdBothDirectoryInformation;
        body[3] = restart ? RestartScans : (byte)0;
        fileId.Write(body[8..]);
        BinaryPrimitives.WriteUInt16LittleEndian(body[24..], Smb2Header.Size + 32);
        BinaryPrimitives.WriteUInt16LittleEndian(body[26..], (ushort)_pattern.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], (uint)outputBufferLength);
        _pattern.CopyTo(body[32..]);
    }
}
