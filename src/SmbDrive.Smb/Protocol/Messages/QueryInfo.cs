using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 QUERY_INFO request (MS-SMB2 2.2.37).</summary>
/// <remarks>body: 0 StructureSize(41) 2 InfoType 3 FileInfoClass 4 OutputBufferLength 8 InputBufferOffset
/// 10 Reserved 12 InputBufferLength 16 AdditionalInformation 20 Flags 24 FileId(16) 40 Buffer(1).</remarks>
internal sealed class QueryInfoRequest(byte infoType, byte infoClass, Smb2FileId fileId, int outputBufferLength) : ISmb2Request
{
    public Smb2Command Command => Smb2Command.QueryInfo;
    public int BodySize => 41;
    public int CreditPayloadSize => outputBufferLength;

    public void WriteBody(Span<byte> body)
    {
        body[..41].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 41);
        body[2] = infoType;
        body[3] = infoClass;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)outputBufferLength);
        fileId.Write(body[24..]);
    }
}

/// <summary>SMB2 QUERY_INFO and QUERY_DIRECTORY responses share a layout (MS-SMB2 2.2.38, 2.2.34):
/// 0 StructureSize(9) 2 OutputBufferOffset 4 OutputBufferLength 8 Buffer.</summary>
internal static class OutputBufferResponse
{
    public static ReadOnlySpan<byte> Parse(ReadOnlySpan<byte> message, string what)
    {
        var r = new BodyReader(message, what, 9, 8);
        return r.Buffer(r.U16(2), r.U32(4));
    }
}
