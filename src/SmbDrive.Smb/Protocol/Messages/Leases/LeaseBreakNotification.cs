namespace SmbDrive.Smb.Protocol.Messages.Leases;

/// <summary>SMB2 Lease Break Notification (MS-SMB2 2.2.23.2), sent unsolicited with MessageId all ones.</summary>
/// <remarks>body: 0 StructureSize(44) 2 NewEpoch 4 Flags 8 LeaseKey(16) 24 CurrentLeaseState 28 NewLeaseState
/// 32 BreakReason 36 AccessMaskHint 40 ShareMaskHint.</remarks>
internal readonly record struct LeaseBreakNotification(Guid Key, SmbLeaseState CurrentState, SmbLeaseState NewState, ushort NewEpoch, bool AcknowledgeRequired)
{
    public const ushort StructureSize = 44;
    public const uint FlagAckRequired = 0x1;

    public static LeaseBreakNotification Parse(ReadOnlySpan<byte> message)
    {
        var r = new BodyReader(message, "lease break notification", StructureSize, StructureSize);
        return new LeaseBreakNotification(r.Guid(8), (SmbLeaseState)(r.U32(24) & 7), (SmbLeaseState)(r.U32(28) & 7), r.U16(2),
            (r.U32(4) & FlagAckRequired) != 0);
    }
}
