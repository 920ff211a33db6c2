using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages.Leases;

/// <summary>The "RqLs" create context, request and response alike: SMB2_CREATE_REQUEST_LEASE (MS-SMB2 2.2.13.2.8,
/// 32 bytes: 0 LeaseKey 16 LeaseState 20 LeaseFlags 24 LeaseDuration) for SMB 2.1, SMB2_CREATE_REQUEST_LEASE_V2
/// (2.2.13.2.10, 52 bytes: the same, then 32 ParentLeaseKey 48 Epoch 50 Reserved) for SMB 3.x; the server answers
/// in the same layout (2.2.14.2.10/11).</summary>
internal readonly record struct LeaseContext(bool V2, Guid Key, SmbLeaseState State, uint Flags, Guid ParentKey, ushort Epoch)
{
    public const uint Name = 0x52714C73; // "RqLs"
    public const int V1Size = 32, V2Size = 52;
    public const uint FlagBreakInProgress = 0x2, FlagParentLeaseKeySet = 0x4;

    public int Size => V2 ? V2Size : V1Size;

    public static LeaseContext Request(bool v2, SmbLeaseRequest request) =>
        new(v2, request.Key, request.State, v2 && request.ParentKey != Guid.Empty ? FlagParentLeaseKeySet : 0,
            v2 ? request.ParentKey : Guid.Empty, 0);

    public void Write(Span<byte> data)
    {
        data[..Size].Clear();
        Key.TryWriteBytes(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data[16..], (uint)State);
        BinaryPrimitives.WriteUInt32LittleEndian(data[20..], Flags);
        if (!V2) return;
        ParentKey.TryWriteBytes(data[32..]);
        BinaryPrimitives.WriteUInt16LittleEndian(data[48..], Epoch);
    }

    /// <summary>Parses a granted lease; the size says which version (anything else is malformed).</summary>
    public static LeaseContext Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length is not (V1Size or V2Size))
            throw new SmbProtocolException($"malformed CREATE response: {data.Length}-byte lease context (expected {V1Size} or {V2Size})");
        bool v2 = data.Length == V2Size;
        return new LeaseContext(v2, new Guid(data[..16]), (SmbLeaseState)(BinaryPrimitives.ReadUInt32LittleEndian(data[16..]) & 7),
            BinaryPrimitives.ReadUInt32LittleEndian(data[20..]),
            v2 ? new Guid(data.Slice(32, 16)) : Guid.Empty, v2 ? BinaryPrimitives.ReadUInt16LittleEndian(data[48..]) : (ushort)0);
    }
}
