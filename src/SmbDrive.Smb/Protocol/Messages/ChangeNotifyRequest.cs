using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 CHANGE_NOTIFY request (MS-SMB2 2.2.35): asks to be told when the directory open as
/// <paramref name="fileId"/> changes. The server answers STATUS_PENDING at once and the final response whenever
/// something changed.</summary>
/// <remarks>body: 0 StructureSize(32) 2 Flags 4 OutputBufferLength 8 FileId(16) 24 CompletionFilter 28 Reserved.</remarks>
internal sealed class ChangeNotifyRequest(Smb2FileId fileId, SmbChangeFilter filter, bool watchTree, int outputBufferLength) : ISmb2Request
{
    public const int Size = 32;

    /// <summary>SMB2_WATCH_TREE: report changes in the whole subtree, not only the directory itself.</summary>
    public const ushort WatchTreeFlag = 0x1;

    public Smb2Command Command => Smb2Command.ChangeNotify;
    public int BodySize => Size;

    // The answer may fill the whole output buffer, so the request is charged for it (MS-SMB2 3.1.5.2).
    public int CreditPayloadSize => outputBufferLength;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(body, Size);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], watchTree ? WatchTreeFlag : (ushort)0);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)outputBufferLength);
        fileId.Write(body[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], (uint)filter);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], 0);
    }
}
