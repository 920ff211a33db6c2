namespace SmbDrive.TestSupport;

/// <summary>One share of a test server.</summary>
/// <param name="Name">Share name as clients see it.</param>
/// <param name="Path">Folder backing the share; null creates a new empty folder under the server's temp folder.</param>
/// <param name="GuestOk">Whether unauthenticated (guest) clients may connect.</param>
/// <param name="ReadOnly">Whether clients may write.</param>
/// <param name="Extra">More share lines, e.g. ["smb encrypt"]="required"; they override the lines above.</param>
public sealed record SambaShare(
    string Name,
    string? Path = null,
    bool GuestOk = false,
    bool ReadOnly = true,
    IReadOnlyDictionary<string, string>? Extra = null);
