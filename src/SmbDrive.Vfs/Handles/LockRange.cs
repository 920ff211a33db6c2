namespace SmbDrive.Vfs.Handles;

/// <summary>One byte-range lock a handle holds: locks are never merged or split, so each is released by exactly
/// this range.</summary>
internal readonly record struct LockRange(ulong Offset, ulong Length);
