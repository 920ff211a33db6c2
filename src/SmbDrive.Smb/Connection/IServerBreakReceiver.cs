using SmbDrive.Smb.Protocol.Messages.Leases;

namespace SmbDrive.Smb.Connection;

/// <summary>Where a connection hands the lease and oplock breaks the server sends it. Called on the receive loop:
/// implementations only queue the work and return.</summary>
internal interface IServerBreakReceiver
{
    void OnLeaseBreak(LeaseBreakNotification notification);
    void OnOplockBreak(OplockBreakNotification notification);
}
