using SmbDrive.Smb;

namespace SmbDrive.Vfs.Reconnect;

/// <summary>The current share and the connection generation it belongs to. A failure is reported with the
/// lease it happened on, so that a late report about an old connection cannot tear down a new one.</summary>
internal readonly record struct ShareLease(ISmbShare Share, int Generation);
