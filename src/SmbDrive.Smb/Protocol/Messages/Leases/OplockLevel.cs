namespace SmbDrive.Smb.Protocol.Messages.Leases;

/// <summary>CREATE RequestedOplockLevel / OplockLevel (MS-SMB2 2.2.13, 2.2.14), and the same values in oplock breaks.</summary>
internal enum OplockLevel : byte
{
    None = 0x00,
    LevelII = 0x01,
    Exclusive = 0x08,
    Batch = 0x09,
    Lease = 0xFF,
}

internal static class OplockLevels
{
    /// <summary>An oplock on the lease scale: what the holder may cache.</summary>
    public static SmbLeaseState ToLeaseState(this OplockLevel level) => level switch
    {
        OplockLevel.LevelII => SmbLeaseState.Read,
        OplockLevel.Exclusive => SmbLeaseState.ReadWrite,
        OplockLevel.Batch => SmbLeaseState.All,
        _ => SmbLeaseState.None,
    };

    /// <summary>The oplock to ask for where the server has no leases: batch covers write and handle caching, level II
    /// read caching.</summary>
    public static OplockLevel ForLease(SmbLeaseState wanted) =>
        (wanted & (SmbLeaseState.Write | SmbLeaseState.Handle)) != 0 ? OplockLevel.Batch
        : (wanted & SmbLeaseState.Read) != 0 ? OplockLevel.LevelII
        : OplockLevel.None;

    /// <summary>The oplock level an acknowledgement names for a new lease-scale state.</summary>
    public static OplockLevel FromLeaseState(SmbLeaseState state) =>
        (state & SmbLeaseState.Write) != 0 ? OplockLevel.Exclusive
        : (state & SmbLeaseState.Read) != 0 ? OplockLevel.LevelII
        : OplockLevel.None;
}
