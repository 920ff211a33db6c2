using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages.Leases;

/// <summary>SMB2 Lease Break Acknowledgment (MS-SMB2 2.2.24.2); the server's Lease Break Response (2.2.25.2) has the
/// same layout and repeats key and state.</summary>
/// <remarks>body: 0 StructureSize(36) 2 Reserved 4 Flags 8 LeaseKey(16) 24 LeaseState 28 LeaseDuration(8).</remarks>
internal sealed class LeaseBreakAcknowledgement(Guid key, SmbLeaseState state) : ISmb2Request
{
    public const ushort StructureSize = 36;

    public Smb2Command Command => Smb2Command.OplockBreak;
    public int BodySize => StructureSize;
    public int CreditPayloadSize => 0;

    public void WriteBody(Span<byte> body)
    {
        body[..StructureSize].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, StructureSize);
        key.TryWriteBytes(body[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], (uint)state);
    }

    /// <summary>The key and state the server's response confirms.</summary>
    public static (Guid Key, SmbLeaseState State) ParseResponse(ReadOnlySpan<byte> message)
    {
        var r = new BodyReader(message, "lease break", StructureSize, StructureSize);
        return (r.Guid(8), (SmbLeaseState)(r.U32(24) & 7));
    }
}
