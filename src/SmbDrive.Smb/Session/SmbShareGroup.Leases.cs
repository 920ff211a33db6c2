namespace SmbDrive.Smb.Session;

// Leases are asked for on the first connection only (opens with a lease go there); the handler is still set on
// every connection of the group, so a break that any of them receives reaches it and is acknowledged on the
// connection it came from (a lease belongs to that connection's ClientGuid).
internal sealed partial class SmbShareGroup : ISmbLeasingShare
{
    private ISmbLeaseBreakHandler? _breakHandler;

    public SmbCachingKind CachingKind => _primary.CachingKind;

    public ISmbLeaseBreakHandler? LeaseBreakHandler
    {
        get => Volatile.Read(ref _breakHandler);
        set
        {
            Volatile.Write(ref _breakHandler, value);
            _primary.LeaseBreakHandler = value;
            foreach (var tree in _extra ?? []) tree.LeaseBreakHandler = value;
        }
    }
}
