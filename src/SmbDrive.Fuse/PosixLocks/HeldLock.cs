using SmbDrive.Vfs;

namespace SmbDrive.Fuse.PosixLocks;

/// <summary>One byte-range lock an owner holds on the server: exactly this span, of this type, on the owner's
/// handle. <paramref name="Pid"/> is the process that asked for it, for F_GETLK.</summary>
internal sealed record HeldLock(LockSpan Span, VfsLockType Type, int Pid);

/// <summary>The lock F_GETLK reports as standing in the way.</summary>
internal readonly record struct LockConflict(LockSpan Span, VfsLockType Type, int Pid);
