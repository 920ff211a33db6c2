using SmbDrive.Fuse.PosixLocks;
using SmbDrive.Fuse.Tests.Fakes;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests;

/// <summary>The POSIX-to-SMB lock translation over a drive that keeps byte-range locks as Samba does. After every
/// step the server must hold exactly what the table says each owner holds: no lock reported that the server did not
/// grant, none left on the server that the table forgot.</summary>
[TestFixture]
public sealed class PosixLockTableTests
{
    private const ulong Owner1 = 0x1111, Owner2 = 0x2222, Owner3 = 0x3333;
    private static readonly VfsLockType S = VfsLockType.Shared, X = VfsLockType.Exclusive;

    private string _root = null!;
    private DirectoryBackedDrive _drive = null!;
    private CapturingLogger _log = null!;
    private PosixLockTable _table = null!;
    private VfsHandle _h1 = null!, _h2 = null!, _h3 = null!;

    [SetUp]
    public async Task SetUp()
    {
        _root = Directory.CreateTempSubdirectory("posix-locks-").FullName;
        File.WriteAllBytes(Path.Combine(_root, "db"), new byte[4096]);
        _drive = new DirectoryBackedDrive(_root, isReadOnly: false);
        _log = new CapturingLogger();
        _table = new PosixLockTable(_drive, _log.Logger);
        _h1 = await OpenAsync();
        _h2 = await OpenAsync();
        _h3 = await OpenAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _drive.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<VfsHandle> OpenAsync() => (await _drive.OpenAsync("/db", VfsOpenIntent.ReadData, CancellationToken.None)).Value!;

    private Task<VfsStatus> Set(VfsHandle via, ulong owner, ulong start, ulong end, VfsLockType? type, bool wait = false,
        CancellationToken cancellationToken = default) =>
        _table.SetAsync(via, owner, 42, new LockSpan(start, end), type, wait, cancellationToken);

    private async Task<LockConflict?> Test(VfsHandle via, ulong owner, ulong start, ulong end, VfsLockType type)
    {
        var result = await _table.TestAsync(via, owner, new LockSpan(start, end), type, CancellationToken.None);
        Assert.That(result.IsSuccess, result.Status.ToString());
        return result.Value;
    }

    /// <summary>What the table says the owner holds, as "[start,end) Type" in order.</summary>
    private string[] Held(VfsHandle via, ulong owner) =>
        _table.HeldBy(via, owner).OrderBy(l => l.Span.Start).Select(l => $"[{l.Span.Start},{l.Span.End}) {l.Type}").ToArray();

    /// <summary>What the server holds on a handle, in the same form.</summary>
    private string[] OnServer(VfsHandle handle) =>
        _drive.ServerLocks.Where(l => l.HandleId == handle.Id).OrderBy(l => l.Start).Select(l => $"[{l.Start},{l.End}) {l.Type}").ToArray();

    private void AssertHolds(VfsHandle handle, ulong owner, params string[] expected)
    {
        Assert.That(Held(handle, owner), Is.EqualTo(expected), "table");
        Assert.That(OnServer(handle), Is.EqualTo(expected), "server");
    }

    [Test]
    public async Task ExclusiveLock_RefusesOverlapsOfOtherOwners_GrantsDisjointRanges()
    {
        Assert.That(await Set(_h1, Owner1, 0, 100, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await Set(_h2, Owner2, 50, 60, X), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        Assert.That(await Set(_h2, Owner2, 99, 120, S), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        Assert.That(await Set(_h2, Owner2, 100, 120, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        AssertHolds(_h1, Owner1, "[0,100) Exclusive");
        AssertHolds(_h2, Owner2, "[100,120) Exclusive");
    }

    [Test]
    public async Task UnlockInsideAnExclusiveLock_SplitsIt_AndFreesOnlyTheMiddle()
    {
        await Set(_h1, Owner1, 0, 100, X);
        Assert.That(await Set(_h1, Owner1, 40, 60, null), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        AssertHolds(_h1, Owner1, "[0,40) Exclusive", "[60,100) Exclusive");
        Assert.That(await Set(_h2, Owner2, 40, 60, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await Set(_h3, Owner3, 39, 41, S), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
    }

    [Test]
    public async Task UnlockInsideASharedLock_StacksTheRemaindersBeforeUnlocking()
    {
        await Set(_h1, Owner1, 0, 100, S);
        _drive.LockRequests.Clear();
        await Set(_h1, Owner1, 40, 60, null);
        AssertHolds(_h1, Owner1, "[0,40) Shared", "[60,100) Shared");
        // The outer parts were never unprotected: both were locked before the old lock went.
        Assert.That(_drive.LockRequests, Is.EqualTo(new[]
        {
            $"L {_h1.Id} [0,40) Shared", $"L {_h1.Id} [60,100) Shared", $"U {_h1.Id} [0,100)",
        }));
        Assert.That(await Set(_h2, Owner2, 40, 60, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await Set(_h2, Owner2, 30, 40, X), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
    }

    [Test]
    public async Task AdjacentAndOverlappingLocksOfOneOwner_BehaveAsOneRange()
    {
        await Set(_h1, Owner1, 0, 10, X);
        await Set(_h1, Owner1, 5, 20, X);
        AssertHolds(_h1, Owner1, "[0,10) Exclusive", "[10,20) Exclusive");
        await Set(_h1, Owner1, 5, 15, null);
        AssertHolds(_h1, Owner1, "[0,5) Exclusive", "[15,20) Exclusive");
        Assert.That(await Set(_h2, Owner2, 5, 15, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
    }

    [Test]
    public async Task SharedToExclusive_RefusedWhileAnotherReaderHolds_KeepsTheSharedLock()
    {
        await Set(_h1, Owner1, 0, 10, S);
        await Set(_h2, Owner2, 0, 10, S);
        Assert.That(await Set(_h1, Owner1, 0, 10, X), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        AssertHolds(_h1, Owner1, "[0,10) Shared");

        await Set(_h2, Owner2, 0, 10, null);
        Assert.That(await Set(_h3, Owner3, 0, 10, X), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED), "owner 1 still reads");
        Assert.That(await Set(_h1, Owner1, 0, 10, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS), "the only reader upgrades");
        AssertHolds(_h1, Owner1, "[0,10) Exclusive");
    }

    [Test]
    public async Task ExclusiveOverPartlySharedRange_KeepsTheSharedRemainderOutside()
    {
        await Set(_h1, Owner1, 0, 100, S);
        Assert.That(await Set(_h1, Owner1, 50, 150, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        AssertHolds(_h1, Owner1, "[0,50) Shared", "[50,150) Exclusive");
        Assert.That(await Set(_h2, Owner2, 0, 50, S), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await Set(_h2, Owner2, 50, 51, S), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
    }

    [Test]
    public async Task ExclusiveToShared_WholeAndPartly_LetsOtherReadersIn()
    {
        await Set(_h1, Owner1, 0, 100, X);
        Assert.That(await Set(_h1, Owner1, 40, 60, S), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        AssertHolds(_h1, Owner1, "[0,40) Exclusive", "[40,60) Shared", "[60,100) Exclusive");
        Assert.That(await Set(_h2, Owner2, 40, 60, S), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await Set(_h2, Owner2, 0, 10, S), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));

        await Set(_h1, Owner1, 0, 100, S);
        Assert.That(Held(_h1, Owner1).All(h => h.EndsWith("Shared")), Is.True, string.Join(", ", Held(_h1, Owner1)));
        Assert.That(await Set(_h2, Owner2, 0, 100, S), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await Set(_h3, Owner3, 99, 100, X), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
    }

    [Test]
    public async Task SharedRequest_PartlyRefused_TakesNothing()
    {
        await Set(_h2, Owner2, 50, 60, X);
        Assert.That(await Set(_h1, Owner1, 0, 100, S), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        AssertHolds(_h1, Owner1);
    }

    [Test]
    public async Task ReleaseOwner_ReleasesEverythingOfThatOwnerOnly()
    {
        await Set(_h1, Owner1, 0, 10, X);
        await Set(_h1, Owner1, 20, 30, S);
        await Set(_h1, Owner2, 40, 50, X);
        Assert.That(await _table.ReleaseOwnerAsync(_h1, Owner1, CancellationToken.None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(Held(_h1, Owner1), Is.Empty);
        Assert.That(OnServer(_h1), Is.EqualTo(new[] { "[40,50) Exclusive" }));
    }

    [Test]
    public async Task OwnersSharingOneHandle_ConflictHere_ThoughTheServerCannotTellThemApart()
    {
        await Set(_h1, Owner1, 0, 10, X);
        Assert.That(await Set(_h1, Owner2, 5, 6, S), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        Assert.That(await Set(_h1, Owner2, 10, 20, S), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
    }

    [Test]
    public async Task LaterRequestsOfAnOwner_UseTheHandleItFirstLockedThrough()
    {
        await Set(_h1, Owner1, 0, 10, X);
        await Set(_h2, Owner1, 10, 20, X);
        AssertHolds(_h1, Owner1, "[0,10) Exclusive", "[10,20) Exclusive");
        Assert.That(OnServer(_h2), Is.Empty);
        // A close through the other descriptor releases them all.
        await _table.ReleaseOwnerAsync(_h2, Owner1, CancellationToken.None);
        AssertHolds(_h1, Owner1);
    }

    [Test]
    public async Task ForgetHandle_DropsWhatTheServerReleasesWithTheClose()
    {
        await Set(_h1, Owner1, 0, 10, X);
        _table.ForgetHandle(_h1);
        await _drive.CloseAsync(_h1);
        Assert.That(Held(_h1, Owner1), Is.Empty);
        Assert.That(await Set(_h2, Owner2, 0, 10, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
    }

    [Test]
    public async Task Test_ReportsTheKindOfTheConflictingLock_AndLeavesNothingLocked()
    {
        // Another client's locks: on the server, unknown to this table.
        await _drive.LockAsync(_h2, 0, 10, S, wait: false, CancellationToken.None);
        await _drive.LockAsync(_h2, 20, 10, X, wait: false, CancellationToken.None);
        Assert.That(await Test(_h1, Owner1, 0, 10, S), Is.Null, "shared with shared");
        Assert.That(await Test(_h1, Owner1, 0, 10, X), Is.EqualTo(new LockConflict(new LockSpan(0, 10), S, 0)));
        Assert.That(await Test(_h1, Owner1, 15, 25, S), Is.EqualTo(new LockConflict(new LockSpan(15, 25), X, 0)));
        Assert.That(await Test(_h1, Owner1, 40, 50, X), Is.Null);
        Assert.That(OnServer(_h1), Is.Empty, "probes are released");
        // The owner's own locks never conflict with it.
        await Set(_h1, Owner1, 40, 50, X);
        Assert.That(await Test(_h1, Owner1, 40, 50, X), Is.Null);
        Assert.That(await Test(_h1, Owner3, 45, 46, S), Is.EqualTo(new LockConflict(new LockSpan(40, 50), X, 42)), "another owner on this mount");
    }

    [Test, CancelAfter(30_000)]
    public async Task WaitingLock_IsGrantedWhenTheHolderUnlocks()
    {
        await Set(_h1, Owner1, 0, 10, X);
        var waiting = Set(_h2, Owner2, 5, 15, X, wait: true);
        // The request reached the server and waits there: its waiting lock request was made and has not returned.
        while (!_drive.LockRequests.Contains($"L {_h2.Id} [5,15) Exclusive wait"))
            await Task.Yield();
        Assert.That(waiting.IsCompleted, Is.False);
        await Set(_h1, Owner1, 0, 10, null);
        Assert.That(await waiting, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        AssertHolds(_h2, Owner2, "[5,15) Exclusive");
    }

    [Test, CancelAfter(30_000)]
    public async Task WaitingLock_Cancelled_LeavesNothingHeld()
    {
        await Set(_h1, Owner1, 0, 10, X);
        using var cancel = new CancellationTokenSource();
        var waiting = Set(_h2, Owner2, 0, 10, X, wait: true, cancellationToken: cancel.Token);
        while (!_drive.LockRequests.Contains($"L {_h2.Id} [0,10) Exclusive wait"))
            await Task.Yield();
        cancel.Cancel();
        Assert.That(await waiting, Is.EqualTo(VfsStatus.STATUS_CANCELLED));
        AssertHolds(_h2, Owner2);
        await Set(_h1, Owner1, 0, 10, null);
        Assert.That(await Set(_h3, Owner3, 0, 10, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
    }

    [Test, CancelAfter(30_000)]
    public async Task UnlockOfAnOwner_IsNotHeldBehindItsOwnWaitingLock_WhichThenStillWaits()
    {
        await Set(_h2, Owner2, 0, 10, X);
        await Set(_h1, Owner1, 20, 30, X);
        var waiting = Set(_h1, Owner1, 0, 10, X, wait: true);
        while (!_drive.LockRequests.Contains($"L {_h1.Id} [0,10) Exclusive wait"))
            await Task.Yield();

        // Another thread of the same process closes a descriptor: its unlock must not wait for owner 2.
        var release = _table.ReleaseOwnerAsync(_h1, Owner1, CancellationToken.None);
        Assert.That(await Task.WhenAny(release, Task.Delay(TimeSpan.FromSeconds(20))), Is.SameAs(release), "the unlock went through");
        Assert.That(await release, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await Set(_h3, Owner3, 20, 30, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS), "owner 1's lock at 20 is gone");

        Assert.That(waiting.IsCompleted, Is.False, "the pre-empted wait waits again");
        await Set(_h2, Owner2, 0, 10, null);
        Assert.That(await waiting, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        AssertHolds(_h1, Owner1, "[0,10) Exclusive");
    }

    [Test, CancelAfter(30_000)]
    public async Task OwnersSharingAHandle_ASecondRequestWhileTheFirstIsOnTheWire_IsRefused()
    {
        var onTheWire = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _drive.BeforeLock = async () =>
        {
            _drive.BeforeLock = null;
            onTheWire.TrySetResult();
            await letGo.Task;
        };
        var first = Set(_h1, Owner1, 0, 10, X);
        await onTheWire.Task;
        // The server would let a shared lock stack on the same handle's exclusive one: the table must refuse it.
        Assert.That(await Set(_h1, Owner2, 5, 6, S), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        letGo.SetResult();
        Assert.That(await first, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        AssertHolds(_h1, Owner1, "[0,10) Exclusive");
        Assert.That(Held(_h1, Owner2), Is.Empty);
    }

    [Test]
    public async Task OwnerThatHoldsNothing_LocksThroughTheHandleItAsksThrough()
    {
        await Set(_h1, Owner1, 0, 10, X);
        await Set(_h1, Owner1, 0, 10, null);
        // h1 is being closed; the owner's next lock through h2 must not land on it.
        Assert.That(await Set(_h2, Owner1, 0, 10, X), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        AssertHolds(_h2, Owner1, "[0,10) Exclusive");
        Assert.That(OnServer(_h1), Is.Empty);
    }

    [Test]
    public async Task RandomRequests_TableAlwaysMatchesTheServer_AndAModelOfPosixLocks()
    {
        // A model of POSIX semantics per owner: the lock type of every byte of a small file.
        var random = new Random(20261203);
        var owners = new[] { (Owner1, _h1), (Owner2, _h2), (Owner3, _h3) };
        var model = owners.ToDictionary(o => o.Item1, _ => new VfsLockType?[64]);
        for (int step = 0; step < 2000; step++)
        {
            var (owner, handle) = owners[random.Next(owners.Length)];
            ulong start = (ulong)random.Next(64), end = start + 1 + (ulong)random.Next(64 - (int)start);
            VfsLockType? type = random.Next(3) switch { 0 => S, 1 => X, _ => null };
            var status = await Set(handle, owner, start, end, type);

            bool conflicts = type is { } t && model.Where(m => m.Key != owner).Any(m =>
                Enumerable.Range((int)start, (int)(end - start)).Any(i => m.Value[i] is { } other && (t == X || other == X)));
            Assert.That(status, Is.EqualTo(conflicts ? VfsStatus.STATUS_LOCK_NOT_GRANTED : VfsStatus.STATUS_SUCCESS), $"step {step}");
            if (!conflicts)
            {
                for (int i = (int)start; i < (int)end; i++)
                    model[owner][i] = type;
            }
            foreach (var (o, h) in owners)
            {
                var expected = Enumerable.Range(0, 64).Select(i => model[o][i]).ToArray();
                var held = new VfsLockType?[64];
                foreach (var l in _table.HeldBy(h, o))
                {
                    for (ulong i = l.Span.Start; i < l.Span.End; i++)
                    {
                        Assert.That(held[i], Is.Null, $"step {step}: owner {o:x} holds byte {i} twice");
                        held[i] = l.Type;
                    }
                }
                Assert.That(held, Is.EqualTo(expected), $"step {step}: owner {o:x}");
                Assert.That(OnServer(h), Is.EquivalentTo(_table.HeldBy(h, o).Select(l => $"[{l.Span.Start},{l.Span.End}) {l.Type}")),
                    $"step {step}: server vs table for owner {o:x}");
            }
        }
        Assert.That(_log.Events.Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning), Is.Empty, "no lock lost while splitting");
    }
}
