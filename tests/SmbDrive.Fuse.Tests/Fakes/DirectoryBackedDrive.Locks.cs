using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests.Fakes;

/// <summary>Byte-range locks kept as Samba keeps a Windows client's (brlock.c): per open handle, mandatory, never
/// merged; an exclusive lock overlaps no other lock (the same handle's included), a shared lock may stack on the
/// same handle's exclusive one, and an unlock removes the exclusive lock of exactly that range first.</summary>
public sealed partial class DirectoryBackedDrive
{
    public sealed record ServerLock(long HandleId, ulong Start, ulong Length, VfsLockType Type)
    {
        public ulong End => Start + Length;
        public bool Overlaps(ulong start, ulong length) => Start < start + length && start < End;
    }

    private readonly List<ServerLock> _locks = [];
    private TaskCompletionSource _unlocked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lock and unlock requests, in order ("L+ 3 [0,10) Exclusive", "U 3 [0,10)").</summary>
    public List<string> LockRequests { get; } = [];

    public IReadOnlyList<ServerLock> ServerLocks
    {
        get
        {
            lock (_locks) return [.. _locks];
        }
    }

    /// <summary>Awaited before each lock request is looked at, to hold a request "on the wire" in tests.</summary>
    public Func<Task>? BeforeLock { get; set; }

    public async ValueTask<VfsStatus> LockAsync(VfsHandle handle, ulong offset, ulong length, VfsLockType type, bool wait,
        CancellationToken cancellationToken)
    {
        if (BeforeLock is { } before)
            await before();
        while (true)
        {
            Task unlocked;
            lock (_locks)
            {
                LockRequests.Add($"L {handle.Id} [{offset},{offset + length}) {type}{(wait ? " wait" : "")}");
                bool conflict = _locks.Any(l => l.Overlaps(offset, length)
                    && !(type == VfsLockType.Shared && (l.Type == VfsLockType.Shared || l.HandleId == handle.Id)));
                if (!conflict)
                {
                    _locks.Add(new ServerLock(handle.Id, offset, length, type));
                    return VfsStatus.STATUS_SUCCESS;
                }
                if (!wait)
                    return VfsStatus.STATUS_LOCK_NOT_GRANTED;
                unlocked = _unlocked.Task;
            }
            try
            {
                await unlocked.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return VfsStatus.STATUS_CANCELLED;
            }
        }
    }

    public ValueTask<VfsStatus> UnlockAsync(VfsHandle handle, ulong offset, ulong length, CancellationToken cancellationToken)
    {
        lock (_locks)
        {
            LockRequests.Add($"U {handle.Id} [{offset},{offset + length})");
            var held = _locks.FirstOrDefault(l => l.HandleId == handle.Id && l.Start == offset && l.Length == length && l.Type == VfsLockType.Exclusive)
                ?? _locks.FirstOrDefault(l => l.HandleId == handle.Id && l.Start == offset && l.Length == length);
            if (held is null)
                return ValueTask.FromResult(VfsStatus.STATUS_RANGE_NOT_LOCKED);
            _locks.Remove(held);
            SignalUnlocked();
            return ValueTask.FromResult(VfsStatus.STATUS_SUCCESS);
        }
    }

    private void ReleaseLocksOf(long handleId)
    {
        lock (_locks)
        {
            if (_locks.RemoveAll(l => l.HandleId == handleId) > 0)
                SignalUnlocked();
        }
    }

    private void SignalUnlocked()
    {
        var unlocked = _unlocked;
        _unlocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        unlocked.TrySetResult();
    }
}
