using System.Runtime.CompilerServices;
using Serilog;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse.PosixLocks;

// fcntl (POSIX) record locks of one mount, kept on the server as SMB byte-range locks.
//
// The two models differ, and this class is the translation:
// - POSIX locks belong to an owner (a process, or an open file description for OFD locks) and a file, whichever
//   descriptor set them. A new lock over an owner's own locks replaces them there: ranges merge, split and change
//   type, and one close of any of the owner's descriptors releases them all.
// - SMB locks belong to one server open, are never merged or split, and each is released only by an unlock of
//   exactly its range. An exclusive lock overlaps no lock at all, the same open's included; a shared lock may be
//   stacked on the same open's exclusive one, and an unlock of that range then removes the exclusive lock first
//   (Samba's rule, brlock.c).
//
// So every owner keeps its locks of a file on one handle (the one it first locked through) as a list of disjoint
// spans, each exactly one server lock. A request is carried out as a sequence of server locks and unlocks that turns
// the old list into the new one: a shared span is split by stacking its remainders before unlocking it (never
// unprotected); an exclusive span cannot be, so its remainders are taken again just after the unlock, and if
// another client took one in that instant, the loss is logged and the list says what is really held. A shared
// lock turning exclusive is released before the exclusive lock is asked for (SMB has no upgrade), and taken back if
// the exclusive lock is refused. What the list records is what the server granted; nothing else.
//
// Owners that share one handle (processes that inherited a descriptor) are not told apart by the server, so
// conflicts between them are found here: a request reserves its range (Pending) in the same step as it checks the
// others', so two such owners cannot both be granted. Owners on different handles are kept apart by the server.
//
// One request of an owner runs at a time (its Gate), except that an unlock never waits behind the owner's own waiting
// lock (a close must not hang on another thread's F_SETLKW): it pre-empts the wait, which gives back what it took,
// lets the unlock through and then waits again.
internal sealed class PosixLockTable
{
    private readonly IDriveFileSystem _drive;
    private readonly ILogger _logger;
    // File key → its locks. Guarded by itself; each FileLocks is guarded by its own monitor, taken after this one.
    private readonly Dictionary<string, FileLocks> _files = new(StringComparer.Ordinal);
    // The key each handle was first filed under: a handle's file id may arrive later (with its first server open),
    // and its locks must stay where they were recorded.
    private readonly ConditionalWeakTable<VfsHandle, string> _keys = new();

    public PosixLockTable(IDriveFileSystem drive, ILogger logger)
    {
        _drive = drive;
        _logger = logger;
    }

    /// <summary>Which file a handle is, across handles and renames: the server's file id where there is one.</summary>
    public static string FileKey(VfsHandle handle) =>
        handle.Info.FileId != 0 ? "#" + handle.Info.FileId : "@" + handle.Path.ToUpperInvariant();

    /// <summary>F_SETLK/F_SETLKW: gives <paramref name="owner"/> a lock of <paramref name="type"/> over
    /// <paramref name="span"/>, or releases its locks there (<paramref name="type"/> null). Returns
    /// STATUS_LOCK_NOT_GRANTED when another owner's lock is in the way and <paramref name="wait"/> is false,
    /// STATUS_CANCELLED when the wait was cancelled; either way the owner's locks are as they were.</summary>
    public async Task<VfsStatus> SetAsync(VfsHandle via, ulong owner, int pid, LockSpan span, VfsLockType? type, bool wait,
        CancellationToken cancellationToken)
    {
        var (file, mine) = Acquire(via, owner);
        try
        {
            if (type is not { } wanted)
                return await UnlockAsync(file, mine, via, span).ConfigureAwait(false);
            while (true)
            {
                var status = await LockOnceAsync(file, owner, mine, via, pid, span, wanted, wait, cancellationToken).ConfigureAwait(false);
                if (status != VfsStatus.STATUS_CANCELLED || cancellationToken.IsCancellationRequested)
                    return status;
                // Pre-empted by an unlock of the same owner: let it finish, then wait again.
                if (await WaitWhileUnlockingAsync(file, mine, cancellationToken).ConfigureAwait(false) is { } cancelled)
                    return cancelled;
            }
        }
        finally
        {
            Forget(file, owner, mine);
            file.Signal();
        }
    }

    private async Task<VfsStatus> UnlockAsync(FileLocks file, OwnerLocks mine, VfsHandle via, LockSpan span)
    {
        Interlocked.Increment(ref mine.Unlocking);
        try
        {
            mine.PreemptWaiter();
            // Not cancellable: once asked for, an unlock is carried out.
            await mine.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                BindIfIdle(file, mine, via);
                await ReleaseAsync(file, mine, span).ConfigureAwait(false);
                return VfsStatus.STATUS_SUCCESS;
            }
            finally
            {
                mine.Gate.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref mine.Unlocking);
            file.Signal();
        }
    }

    private async Task<VfsStatus> LockOnceAsync(FileLocks file, ulong owner, OwnerLocks mine, VfsHandle via, int pid, LockSpan span,
        VfsLockType wanted, bool wait, CancellationToken cancellationToken)
    {
        try
        {
            await mine.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return VfsStatus.STATUS_CANCELLED;
        }
        using var preempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            BindIfIdle(file, mine, via);
            if (wait)
                mine.RegisterWaiter(preempt);
            var local = await WaitForOtherOwnersAsync(file, owner, mine, span, wanted, wait, preempt.Token).ConfigureAwait(false);
            if (local != VfsStatus.STATUS_SUCCESS)
                return local;
            return wanted == VfsLockType.Shared
                ? await LockSharedAsync(file, mine, pid, span, wait, preempt.Token).ConfigureAwait(false)
                : await LockExclusiveAsync(file, mine, pid, span, wait, preempt.Token).ConfigureAwait(false);
        }
        finally
        {
            mine.ClearWaiter(preempt);
            lock (file) mine.Pending = null;
            mine.Gate.Release();
        }
    }

    /// <summary>Waits until no unlock of the owner is in progress; a status when the caller cancelled meanwhile.</summary>
    private static async Task<VfsStatus?> WaitWhileUnlockingAsync(FileLocks file, OwnerLocks mine, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed = file.Changed;
            if (Volatile.Read(ref mine.Unlocking) == 0)
                return null;
            try
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return VfsStatus.STATUS_CANCELLED;
            }
        }
    }

    /// <summary>An owner that holds nothing takes its locks through the handle it asks through now: the handle it
    /// used before may be closing (its locks went with it).</summary>
    private static void BindIfIdle(FileLocks file, OwnerLocks mine, VfsHandle via)
    {
        lock (file)
        {
            if (mine.Locks.Count == 0)
                mine.Handle = via;
        }
    }

    /// <summary>F_GETLK: a lock of another owner, or of another client, that would stand in the way of
    /// <paramref name="type"/> over <paramref name="span"/>; null when none would. Another client's locks are found
    /// by asking the server for the lock and releasing it at once, over the parts the owner does not hold itself
    /// (a lock it holds cannot be tested without giving it up).</summary>
    public async Task<VfsResult<LockConflict?>> TestAsync(VfsHandle via, ulong owner, LockSpan span, VfsLockType type,
        CancellationToken cancellationToken)
    {
        var (file, mine) = Acquire(via, owner);
        try
        {
            await mine.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Forget(file, owner, mine);
            throw;
        }
        try
        {
            if (file.ConflictWith(owner, handle: null, span, type) is { } local)
                return VfsResult<LockConflict?>.Success(local);
            foreach (var gap in span.Gaps(mine.Spans()))
            {
                var probe = await ProbeAsync(mine.Handle, gap, type, cancellationToken).ConfigureAwait(false);
                if (!probe.IsSuccess || probe.Value is not null)
                    return probe;
            }
            return VfsResult<LockConflict?>.Success(null);
        }
        finally
        {
            mine.Gate.Release();
            Forget(file, owner, mine);
        }
    }

    /// <summary>Releases every lock the owner holds on the file (close of any of its descriptors).</summary>
    public Task<VfsStatus> ReleaseOwnerAsync(VfsHandle via, ulong owner, CancellationToken cancellationToken) =>
        SetAsync(via, owner, 0, new LockSpan(0, ulong.MaxValue), null, wait: false, cancellationToken);

    /// <summary>The handle is being closed: the server releases what was locked on it, so the table forgets it.</summary>
    public void ForgetHandle(VfsHandle handle)
    {
        FileLocks? file;
        lock (_files)
        {
            if (!_files.TryGetValue(KeyOf(handle), out file))
                return;
            file.ForgetHandle(handle);
            if (file.IsEmpty)
                _files.Remove(file.Key);
        }
        file.Signal();
    }

    /// <summary>Spans the owner holds on the file, for tests and logs.</summary>
    internal IReadOnlyList<HeldLock> HeldBy(VfsHandle via, ulong owner)
    {
        lock (_files)
        {
            if (!_files.TryGetValue(KeyOf(via), out var file))
                return [];
            return file.Held(owner);
        }
    }

    private string KeyOf(VfsHandle handle) => _keys.GetValue(handle, FileKey);

    /// <summary>The file's entry and the owner's record in it, counted as in use, in one step: an entry found here
    /// cannot be dropped as empty before the owner is in it.</summary>
    private (FileLocks File, OwnerLocks Mine) Acquire(VfsHandle via, ulong owner)
    {
        string key = KeyOf(via);
        lock (_files)
        {
            if (!_files.TryGetValue(key, out var file))
                _files[key] = file = new FileLocks(key);
            return (file, file.OwnerFor(owner, via));
        }
    }

    private void Forget(FileLocks file, ulong owner, OwnerLocks mine)
    {
        lock (_files)
        {
            file.ForgetIfIdle(owner, mine);
            if (file.IsEmpty && _files.TryGetValue(file.Key, out var current) && ReferenceEquals(current, file))
                _files.Remove(file.Key);
        }
    }

    /// <summary>Another owner on the same handle is invisible to the server's conflict check, so it is checked
    /// here; a waiting request waits for that owner to change its locks.</summary>
    private static async Task<VfsStatus> WaitForOtherOwnersAsync(FileLocks file, ulong owner, OwnerLocks mine, LockSpan span,
        VfsLockType type, bool wait, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed = file.Changed;
            if (file.TryReserve(owner, mine, span, type))
                return VfsStatus.STATUS_SUCCESS;
            if (!wait)
                return VfsStatus.STATUS_LOCK_NOT_GRANTED;
            try
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return VfsStatus.STATUS_CANCELLED;
            }
        }
    }

    private async Task<VfsStatus> LockSharedAsync(FileLocks file, OwnerLocks mine, int pid, LockSpan span, bool wait,
        CancellationToken cancellationToken)
    {
        // The parts not yet held: if any is refused, the ones taken for this request are given back.
        var taken = new List<LockSpan>();
        foreach (var gap in span.Gaps(mine.Spans()))
        {
            var status = await ServerLockAsync(mine.Handle, gap, VfsLockType.Shared, wait, cancellationToken).ConfigureAwait(false);
            if (status != VfsStatus.STATUS_SUCCESS)
            {
                foreach (var back in taken)
                    await ServerUnlockAsync(mine.Handle, back).ConfigureAwait(false);
                return status;
            }
            taken.Add(gap);
        }
        lock (file)
            mine.Locks.AddRange(taken.Select(s => new HeldLock(s, VfsLockType.Shared, pid)));

        // Exclusive parts inside the span become shared: stack the shared lock, then unlock the exclusive one.
        foreach (var held in mine.Overlapping(span, VfsLockType.Exclusive))
        {
            var inner = held.Span.Intersect(span);
            if (await ServerLockAsync(mine.Handle, inner, VfsLockType.Shared, wait: false, CancellationToken.None).ConfigureAwait(false)
                != VfsStatus.STATUS_SUCCESS)
            {
                // Still exclusive: stricter than asked, never weaker.
                _logger.Debug("Could not turn {Span} of {Path} from exclusive to shared; it stays exclusive", inner, mine.Handle.Path);
                continue;
            }
            await ServerUnlockAsync(mine.Handle, held.Span).ConfigureAwait(false);
            lock (file)
            {
                mine.Locks.Remove(held);
                mine.Locks.Add(new HeldLock(inner, VfsLockType.Shared, pid));
            }
            await RetakeAsync(file, mine, held, held.Span.Minus(span)).ConfigureAwait(false);
        }
        return VfsStatus.STATUS_SUCCESS;
    }

    private async Task<VfsStatus> LockExclusiveAsync(FileLocks file, OwnerLocks mine, int pid, LockSpan span, bool wait,
        CancellationToken cancellationToken)
    {
        // An exclusive lock may overlap none of the owner's own locks: its shared ones inside the span give way
        // (their outside parts are stacked first, so those stay protected throughout). Own exclusive spans stay.
        var released = new List<HeldLock>();
        foreach (var held in mine.Overlapping(span, VfsLockType.Shared))
        {
            await SplitOffAsync(file, mine, held, span).ConfigureAwait(false);
            released.Add(held with { Span = held.Span.Intersect(span) });
        }

        var taken = new List<LockSpan>();
        foreach (var gap in span.Gaps(mine.Spans()))
        {
            var status = await ServerLockAsync(mine.Handle, gap, VfsLockType.Exclusive, wait, cancellationToken).ConfigureAwait(false);
            if (status != VfsStatus.STATUS_SUCCESS)
            {
                foreach (var back in taken)
                    await ServerUnlockAsync(mine.Handle, back).ConfigureAwait(false);
                // Refused: the shared locks given up for it are taken back, so the owner keeps what it had.
                foreach (var shared in released)
                    await RetakeAsync(file, mine, shared, [shared.Span]).ConfigureAwait(false);
                return status;
            }
            taken.Add(gap);
        }
        lock (file)
            mine.Locks.AddRange(taken.Select(s => new HeldLock(s, VfsLockType.Exclusive, pid)));
        return VfsStatus.STATUS_SUCCESS;
    }

    private async Task ReleaseAsync(FileLocks file, OwnerLocks mine, LockSpan span)
    {
        foreach (var held in mine.Overlapping(span, type: null))
        {
            if (held.Type == VfsLockType.Shared)
            {
                await SplitOffAsync(file, mine, held, span).ConfigureAwait(false);
                continue;
            }
            await ServerUnlockAsync(mine.Handle, held.Span).ConfigureAwait(false);
            lock (file)
                mine.Locks.Remove(held);
            await RetakeAsync(file, mine, held, held.Span.Minus(span)).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the part of a shared lock inside <paramref name="span"/>: the parts outside are stacked on
    /// it as locks of their own first (the same open's shared locks never conflict), then it is unlocked.</summary>
    private async Task SplitOffAsync(FileLocks file, OwnerLocks mine, HeldLock held, LockSpan span)
    {
        await RetakeAsync(file, mine, held, held.Span.Minus(span)).ConfigureAwait(false);
        await ServerUnlockAsync(mine.Handle, held.Span).ConfigureAwait(false);
        lock (file)
            mine.Locks.Remove(held);
    }

    /// <summary>Takes <paramref name="parts"/> of a lock the owner held (or still holds) again, with its type; a
    /// part another client took in the meantime is lost, and logged.</summary>
    private async Task RetakeAsync(FileLocks file, OwnerLocks mine, HeldLock held, IEnumerable<LockSpan> parts)
    {
        foreach (var part in parts.ToList())
        {
            var status = await ServerLockAsync(mine.Handle, part, held.Type, wait: false, CancellationToken.None).ConfigureAwait(false);
            if (status == VfsStatus.STATUS_SUCCESS)
            {
                lock (file)
                    mine.Locks.Add(held with { Span = part });
            }
            else
            {
                _logger.Warning("The {Type} lock of {Span} of {Path} was lost while splitting it ({Status}): another client took the range",
                    held.Type, part, mine.Handle.Path, status);
            }
        }
    }

    private async Task<VfsResult<LockConflict?>> ProbeAsync(VfsHandle handle, LockSpan gap, VfsLockType type, CancellationToken cancellationToken)
    {
        var status = await ServerLockAsync(handle, gap, type, wait: false, cancellationToken).ConfigureAwait(false);
        if (status == VfsStatus.STATUS_SUCCESS)
        {
            await ServerUnlockAsync(handle, gap).ConfigureAwait(false);
            return VfsResult<LockConflict?>.Success(null);
        }
        if (!IsConflict(status))
            return status;
        // Refused. A shared lock can only meet an exclusive one; an exclusive one meets either kind, told apart by
        // whether a shared lock would be granted.
        var kind = VfsLockType.Exclusive;
        if (type == VfsLockType.Exclusive
            && await ServerLockAsync(handle, gap, VfsLockType.Shared, wait: false, cancellationToken).ConfigureAwait(false) == VfsStatus.STATUS_SUCCESS)
        {
            await ServerUnlockAsync(handle, gap).ConfigureAwait(false);
            kind = VfsLockType.Shared;
        }
        // Another client's lock: its exact range and process are the server's to know; the tested range stands for it.
        return VfsResult<LockConflict?>.Success(new LockConflict(gap, kind, 0));
    }

    public static bool IsConflict(VfsStatus status) =>
        status is VfsStatus.STATUS_LOCK_NOT_GRANTED or VfsStatus.STATUS_FILE_LOCK_CONFLICT;

    private async Task<VfsStatus> ServerLockAsync(VfsHandle handle, LockSpan span, VfsLockType type, bool wait, CancellationToken cancellationToken)
    {
        try
        {
            return await _drive.LockAsync(handle, span.Start, span.Length, type, wait, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return VfsStatus.STATUS_CANCELLED;
        }
        catch (Exception ex)
        {
            // The drive answers with statuses; an exception (a closed drive) must still leave the table truthful.
            _logger.Warning(ex, "Locking {Span} of {Path} failed", span, handle.Path);
            return VfsStatus.STATUS_UNSUCCESSFUL;
        }
    }

    private async Task ServerUnlockAsync(VfsHandle handle, LockSpan span)
    {
        // Not cancellable: a lock left behind on the server would outlive what the table records.
        VfsStatus status;
        try
        {
            status = await _drive.UnlockAsync(handle, span.Start, span.Length, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            status = VfsStatus.STATUS_UNSUCCESSFUL;
            _logger.Debug(ex, "Unlocking {Span} of {Path} threw", span, handle.Path);
        }
        // RANGE_NOT_LOCKED: gone already (the connection was lost, and the server released it).
        if (status is not (VfsStatus.STATUS_SUCCESS or VfsStatus.STATUS_RANGE_NOT_LOCKED))
            _logger.Warning("Unlocking {Span} of {Path} failed: {Status}; closing the file releases it", span, handle.Path, status);
    }

    /// <summary>Every owner's locks of one file. Lists are changed under this object's monitor by the owner's own
    /// request (serialized by <see cref="OwnerLocks.Gate"/>) and read by other owners' conflict checks.</summary>
    private sealed class FileLocks(string key)
    {
        private readonly Dictionary<ulong, OwnerLocks> _owners = new();

        public string Key { get; } = key;
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsEmpty
        {
            get
            {
                lock (this) return _owners.Count == 0;
            }
        }

        /// <summary>Completes at the next change of any owner's locks.</summary>
        public Task Changed
        {
            get
            {
                lock (this) return _changed.Task;
            }
        }

        public void Signal()
        {
            TaskCompletionSource changed;
            lock (this)
            {
                changed = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            changed.TrySetResult();
        }

        public OwnerLocks OwnerFor(ulong owner, VfsHandle via)
        {
            lock (this)
            {
                if (!_owners.TryGetValue(owner, out var mine))
                    _owners[owner] = mine = new OwnerLocks(via, this);
                mine.Users++;
                return mine;
            }
        }

        public void ForgetIfIdle(ulong owner, OwnerLocks mine)
        {
            lock (this)
            {
                mine.Users--;
                if (mine.Users == 0 && mine.Locks.Count == 0 && _owners.TryGetValue(owner, out var current) && ReferenceEquals(current, mine))
                    _owners.Remove(owner);
            }
        }

        public void ForgetHandle(VfsHandle handle)
        {
            lock (this)
            {
                foreach (var (owner, mine) in _owners.ToList())
                {
                    if (!ReferenceEquals(mine.Handle, handle))
                        continue;
                    mine.Locks.Clear();
                    if (mine.Users == 0)
                        _owners.Remove(owner);
                }
            }
        }

        public IReadOnlyList<HeldLock> Held(ulong owner)
        {
            lock (this) return _owners.TryGetValue(owner, out var mine) ? [.. mine.Locks] : [];
        }

        /// <summary>Whether no other owner on the same handle holds or is taking a conflicting lock; if so, records
        /// the request as the owner's pending one, in the same step.</summary>
        public bool TryReserve(ulong owner, OwnerLocks mine, LockSpan span, VfsLockType type)
        {
            lock (this)
            {
                if (ConflictWith(owner, mine.Handle, span, type) is not null)
                    return false;
                foreach (var (other, theirs) in _owners)
                {
                    if (other != owner && ReferenceEquals(theirs.Handle, mine.Handle) && theirs.Pending is { } pending
                        && pending.Span.Overlaps(span) && (type == VfsLockType.Exclusive || pending.Type == VfsLockType.Exclusive))
                        return false;
                }
                mine.Pending = new HeldLock(span, type, 0);
                return true;
            }
        }

        /// <summary>A lock of another owner (on <paramref name="handle"/> only, unless null) that conflicts.</summary>
        public LockConflict? ConflictWith(ulong owner, VfsHandle? handle, LockSpan span, VfsLockType type)
        {
            lock (this)
            {
                foreach (var (other, theirs) in _owners)
                {
                    if (other == owner || (handle is not null && !ReferenceEquals(theirs.Handle, handle)))
                        continue;
                    foreach (var held in theirs.Locks)
                    {
                        if (held.Span.Overlaps(span) && (type == VfsLockType.Exclusive || held.Type == VfsLockType.Exclusive))
                            return new LockConflict(held.Span, held.Type, held.Pid);
                    }
                }
                return null;
            }
        }
    }

    /// <summary>One owner's locks of one file, all on <see cref="Handle"/>, as disjoint spans.</summary>
    private sealed class OwnerLocks(VfsHandle handle, object sync)
    {
        private CancellationTokenSource? _waiter;

        /// <summary>The handle the owner's locks are on (guarded by <see cref="Sync"/>; changes only while it holds none).</summary>
        public VfsHandle Handle { get; set; } = handle;
        /// <summary>The lock being taken now, which other owners on the same handle must respect (guarded by <see cref="Sync"/>).</summary>
        public HeldLock? Pending { get; set; }
        /// <summary>Unlocks of this owner in progress: a waiting lock of the owner lets them pass.</summary>
        public int Unlocking;

        public void RegisterWaiter(CancellationTokenSource waiter)
        {
            lock (Sync) _waiter = waiter;
            // An unlock that came before the registration would not have found it.
            if (Volatile.Read(ref Unlocking) > 0)
                PreemptWaiter();
        }

        public void ClearWaiter(CancellationTokenSource waiter)
        {
            lock (Sync)
            {
                if (ReferenceEquals(_waiter, waiter))
                    _waiter = null;
            }
        }

        public void PreemptWaiter()
        {
            CancellationTokenSource? waiter;
            lock (Sync) waiter = _waiter;
            try
            {
                waiter?.Cancel(); // outside the monitor: cancellation runs the waiter's callbacks
            }
            catch (ObjectDisposedException)
            {
                // The wait ended meanwhile.
            }
        }

        /// <summary>The file's monitor, which guards <see cref="Locks"/>.</summary>
        public object Sync { get; } = sync;
        public List<HeldLock> Locks { get; } = [];
        /// <summary>Requests of this owner in progress (guarded by the file's monitor).</summary>
        public int Users;
        /// <summary>One request of the owner at a time: each turns the list into the next.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public List<LockSpan> Spans()
        {
            lock (Sync) return Locks.Select(l => l.Span).ToList();
        }

        public List<HeldLock> Overlapping(LockSpan span, VfsLockType? type)
        {
            lock (Sync) return Locks.Where(l => l.Span.Overlaps(span) && (type is null || l.Type == type)).ToList();
        }
    }
}
