namespace SmbDrive.Vfs.Diagnostics;

/// <summary>How an operation was served, for its debug log event.</summary>
internal enum CacheOutcome
{
    /// <summary>Nothing cacheable was involved (or the operation failed before it got there).</summary>
    None,
    /// <summary>Entirely from memory.</summary>
    Hit,
    /// <summary>Entirely from the server.</summary>
    Miss,
    /// <summary>Partly from memory, partly from the server.</summary>
    Partial,
}
