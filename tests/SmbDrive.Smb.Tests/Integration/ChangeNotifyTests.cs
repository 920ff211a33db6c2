using SmbDrive.Smb.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>Directory watches (SMB2 CHANGE_NOTIFY) against Samba's share "rw". PC A watches a folder; PC B, a second
/// connection with its own session, changes it, as another computer would.</summary>
/// <remarks>A wait must be registered on the server before the change it should see (before its first request a
/// handle has no watch, and Samba drops changes nobody watches). The barrier is an ECHO on the watching connection
/// right after the wait is sent: the server handles one connection's requests in order, so the ECHO's answer
/// proves the CHANGE_NOTIFY was processed, and its watch registered, before the change is made. After the first
/// request the server queues changes for the handle, so later waits need no barrier.</remarks>
[Category("Integration")]
public class ChangeNotifyTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20); // a failure bound, never a synchronisation
    private WritableFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new WritableFolder(SambaFixture.WritableDir, "n");

    private static async Task<ISmbWritableShare> ConnectAsync(SmbClientOptions? options = null) =>
        (ISmbWritableShare)await SambaFixture.ConnectAsync("rw", options);

    private static async Task<ISmbWatchableDirectory> OpenDirAsync(ISmbShare share, string path) =>
        (ISmbWatchableDirectory)await share.OpenAsync(path, SmbOpenKind.Directory, None);

    /// <summary>Sends the wait and returns once the server has registered it (see the remarks above).</summary>
    private static async Task<Task<SmbChangeBatch>> StartWaitAsync(ISmbShare share, ISmbDirectoryWatch watch, CancellationToken cancellationToken = default)
    {
        var wait = watch.WaitForChangesAsync(cancellationToken);
        await share.EchoAsync(None);
        Assert.That(wait.IsCompleted, Is.False, $"nothing changed yet, but the wait ended: {(wait.IsCompletedSuccessfully ? wait.Result : wait.Exception)}");
        return wait;
    }

    private static async Task<SmbChangeBatch> Completed(Task<SmbChangeBatch> wait) => await wait.WaitAsync(Bound);

    private static void AssertChanges(SmbChangeBatch batch, params SmbChange[] expected)
    {
        Assert.That(batch.Kind, Is.EqualTo(SmbChangeBatchKind.Changes));
        Assert.That(batch.Changes, Is.EqualTo(expected));
    }

    private static SmbCreateParameters NewFile => new()
    {
        Access = SmbAccess.GenericRead | SmbAccess.GenericWrite,
        Disposition = SmbCreateDisposition.Create,
        Options = SmbCreateOptions.NonDirectoryFile,
    };

    private static SmbCreateParameters ExistingFile => NewFile with { Disposition = SmbCreateDisposition.Open };

    private static SmbTree PrimaryOf(ISmbShare share) => ((SmbShareGroup)share).Primary;

    [Test, CancelAfter(60_000)]
    public async Task FileCreatedByOtherPc_AddedWithItsName()
    {
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var dir = await OpenDirAsync(pcA, _folder.Name);
        var watch = dir.Watch(SmbChangeFilter.FileName, watchTree: false);

        var wait = await StartWaitAsync(pcA, watch);
        // The other PC's smbd learns of the watch through Samba's notifyd, asynchronously: the first watch of a run
        // has been seen to miss a create made right away (1 run in 6). Create files until one is reported.
        string name = "";
        for (int attempt = 0; !wait.IsCompleted && attempt < 10; attempt++)
        {
            name = attempt == 0 ? "new file é.txt" : $"new file é {attempt}.txt";
            await (await pcB.CreateAsync(_folder.Remote(name), NewFile, None)).DisposeAsync();
            await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        var batch = await Completed(wait);
        Assert.That(batch.Kind, Is.EqualTo(SmbChangeBatchKind.Changes));
        Assert.That(batch.Changes[0].Action, Is.EqualTo(SmbChangeAction.Added));
        Assert.That(batch.Changes[0].Name, Does.StartWith("new file é"));
        Assert.That(File.Exists(_folder.Disk(batch.Changes[0].Name)), Is.True);
    }

    [Test, CancelAfter(60_000)]
    public async Task FileDeletedByOtherPc_Removed()
    {
        _folder.Put("gone.txt", "x");
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var dir = await OpenDirAsync(pcA, _folder.Name);
        var watch = dir.Watch(SmbChangeFilter.FileName, watchTree: false);

        var wait = await StartWaitAsync(pcA, watch);
        await pcB.DeleteAsync(_folder.Remote("gone.txt"), directory: false, None);

        AssertChanges(await Completed(wait), new SmbChange(SmbChangeAction.Removed, "gone.txt"));
        Assert.That(File.Exists(_folder.Disk("gone.txt")), Is.False);
    }

    [Test, CancelAfter(60_000)]
    public async Task FileRenamedByOtherPc_OldThenNewName()
    {
        _folder.Put("before.txt", "x");
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var dir = await OpenDirAsync(pcA, _folder.Name);
        var watch = dir.Watch(SmbChangeFilter.FileName | SmbChangeFilter.DirectoryName, watchTree: false);

        var wait = await StartWaitAsync(pcA, watch);
        await pcB.RenameAsync(_folder.Remote("before.txt"), _folder.Remote("after.txt"), replaceIfExists: false, None);

        AssertChanges(await Completed(wait),
            new SmbChange(SmbChangeAction.RenamedOldName, "before.txt"),
            new SmbChange(SmbChangeAction.RenamedNewName, "after.txt"));
    }

    [Test, CancelAfter(60_000)]
    public async Task FileWrittenByOtherPc_ModifiedWithWriteAndSizeFilter()
    {
        _folder.Put("f.bin", "");
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var dir = await OpenDirAsync(pcA, _folder.Name);
        var watch = dir.Watch(SmbChangeFilter.LastWrite | SmbChangeFilter.Size, watchTree: false);

        var wait = await StartWaitAsync(pcA, watch);
        var content = TestData.RandomContent(71, 0, 5000);
        await using (var file = await pcB.CreateAsync(_folder.Remote("f.bin"), ExistingFile, None))
            await file.WriteAsync(0, content, 0, None);

        var batch = await Completed(wait);
        Assert.That(batch.Kind, Is.EqualTo(SmbChangeBatchKind.Changes));
        Assert.That(batch.Changes, Is.Not.Empty.And.All.EqualTo(new SmbChange(SmbChangeAction.Modified, "f.bin")),
            "a write reports the file as modified (size and write time may come as one change or two)");
        FileComparer.AssertRangeEquals(_folder.Disk("f.bin"), 0, content);
    }

    [Test, CancelAfter(60_000)]
    public async Task TreeWatch_SeesSubdirectoryChangeWithRelativePath_PlainWatchDoesNot()
    {
        _folder.MakeDir("sub");
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var treeDir = await OpenDirAsync(pcA, _folder.Name);
        await using var plainDir = await OpenDirAsync(pcA, _folder.Name);
        var treeWatch = treeDir.Watch(SmbChangeFilter.FileName, watchTree: true);
        var plainWatch = plainDir.Watch(SmbChangeFilter.FileName, watchTree: false);

        var treeWait = await StartWaitAsync(pcA, treeWatch);
        var plainWait = await StartWaitAsync(pcA, plainWatch);
        await (await pcB.CreateAsync(_folder.Remote("sub/deep.txt"), NewFile, None)).DisposeAsync();
        AssertChanges(await Completed(treeWait), new SmbChange(SmbChangeAction.Added, @"sub\deep.txt"));

        // The plain watch must not have seen the change below it: the next change in the folder itself is the first
        // it reports.
        await (await pcB.CreateAsync(_folder.Remote("top.txt"), NewFile, None)).DisposeAsync();
        AssertChanges(await Completed(plainWait), new SmbChange(SmbChangeAction.Added, "top.txt"));
    }

    [Test, CancelAfter(60_000)]
    public async Task ChangesBetweenWaits_QueuedForTheNextWait()
    {
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var dir = await OpenDirAsync(pcA, _folder.Name);
        var watch = dir.Watch(SmbChangeFilter.FileName, watchTree: false);

        var wait = await StartWaitAsync(pcA, watch);
        await (await pcB.CreateAsync(_folder.Remote("one.txt"), NewFile, None)).DisposeAsync();
        AssertChanges(await Completed(wait), new SmbChange(SmbChangeAction.Added, "one.txt"));

        // No wait is pending now: the server keeps what happens for the next one.
        await pcB.DeleteAsync(_folder.Remote("one.txt"), directory: false, None);
        AssertChanges(await Completed(watch.WaitForChangesAsync(None)), new SmbChange(SmbChangeAction.Removed, "one.txt"));
    }

    [TestCase("3.1.1", false)]
    [TestCase("3.1.1", true)]
    [TestCase("3.0", true)]
    [TestCase("2.1", false)]
    [TestCase("2.0.2", false)]
    [CancelAfter(60_000)]
    public async Task Cancel_SendsCancel_OperationCanceled_ConnectionStillWorks(string dialect, bool encrypt)
    {
        _folder.Put("data.txt", "still readable");
        await using var pcA = await ConnectAsync(new SmbClientOptions { MaxDialect = dialect, MinDialect = dialect, RequireEncryption = encrypt });
        await using var pcB = await ConnectAsync();
        await using var dir = await OpenDirAsync(pcA, _folder.Name);
        var watch = dir.Watch(SmbChangeFilter.FileName, watchTree: false);
        var connection = PrimaryOf(pcA).Connection;

        using var cts = new CancellationTokenSource();
        var wait = await StartWaitAsync(pcA, watch, cts.Token);
        Assert.That(connection.Credits.Outstanding, Is.EqualTo(1), "the pending wait holds one credit");
        long cancels = connection.Counters.Requests;
        await cts.CancelAsync();
        Assert.That(async () => await wait.WaitAsync(Bound),
            Throws.InstanceOf<OperationCanceledException>().With.Message.Contain(_folder.Name).And.Message.Contain("cancelled"));
        Assert.That(connection.Counters.Requests, Is.EqualTo(cancels + 1), "one CANCEL went out");
        Assert.That(connection.Credits.Outstanding, Is.Zero, "the credit came back with the CANCELLED answer");

        // The connection carries on: an ECHO, a read, and a new wait on the same watch that sees the next change.
        await pcA.EchoAsync(None);
        await using (var file = await pcA.OpenAsync(_folder.Remote("data.txt"), SmbOpenKind.File, None))
        {
            var buffer = new byte[100];
            int n = await file.ReadAsync(0, buffer, 0, None);
            Assert.That(buffer[..n], Is.EqualTo(File.ReadAllBytes(_folder.Disk("data.txt"))));
        }
        var again = watch.WaitForChangesAsync(None);
        await (await pcB.CreateAsync(_folder.Remote("after-cancel.txt"), NewFile, None)).DisposeAsync();
        AssertChanges(await Completed(again), new SmbChange(SmbChangeAction.Added, "after-cancel.txt"));
    }

    [Test, CancelAfter(60_000)]
    public async Task CancelledBeforeSending_NothingSent()
    {
        await using var pcA = await ConnectAsync();
        await using var dir = await OpenDirAsync(pcA, _folder.Name);
        var watch = dir.Watch(SmbChangeFilter.FileName, watchTree: false);
        var connection = PrimaryOf(pcA).Connection;
        long before = connection.Counters.Requests;
        Assert.That(async () => await watch.WaitForChangesAsync(new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(connection.Counters.Requests, Is.EqualTo(before));
    }

    [Test, CancelAfter(60_000)]
    public async Task ClosingTheDirectory_EndsThePendingWait_ThenWaitsRefused()
    {
        await using var pcA = await ConnectAsync();
        var dir = await OpenDirAsync(pcA, _folder.Name);
        var watch = dir.Watch(SmbChangeFilter.FileName, watchTree: false);

        var wait = await StartWaitAsync(pcA, watch);
        await dir.DisposeAsync();

        var batch = await Completed(wait);
        Assert.That(batch.Kind, Is.EqualTo(SmbChangeBatchKind.Closed));
        Assert.That(batch.Changes, Is.Empty);
        Assert.That(async () => await watch.WaitForChangesAsync(None), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(PrimaryOf(pcA).Connection.Credits.Outstanding, Is.Zero);
        await pcA.EchoAsync(None);
    }

    [Test, CancelAfter(60_000)]
    public async Task WatchedDirectoryDeletedByOtherPc_EndsTheWait()
    {
        _folder.MakeDir("victim");
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var dir = await OpenDirAsync(pcA, _folder.Remote("victim"));
        var watch = dir.Watch(SmbChangeFilter.FileName | SmbChangeFilter.DirectoryName, watchTree: false);

        var wait = await StartWaitAsync(pcA, watch);
        await pcB.DeleteAsync(_folder.Remote("victim"), directory: true, None);

        var batch = await Completed(wait);
        Assert.That(batch.Kind, Is.EqualTo(SmbChangeBatchKind.Closed));
    }

    [Test, CancelAfter(60_000)]
    public async Task ManyChangesTinyBuffer_Overflow_RescanEverything()
    {
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var dir = await OpenDirAsync(pcA, _folder.Name);
        // 16 bytes hold no entry with a name of more than 2 characters.
        var watch = dir.Watch(SmbChangeFilter.FileName, watchTree: false, bufferBytes: 16);

        var wait = await StartWaitAsync(pcA, watch);
        for (int i = 0; i < 20; i++)
            await (await pcB.CreateAsync(_folder.Remote($"many-{i:D2}.txt"), NewFile, None)).DisposeAsync();

        var batch = await Completed(wait);
        Assert.That(batch.Kind, Is.EqualTo(SmbChangeBatchKind.Overflow));
        Assert.That(batch.Changes, Is.Empty);
    }

    [Test, CancelAfter(60_000)]
    public async Task ManyWatches_OtherRequestsGoOn_LimitedToAQuarterOfTheCredits()
    {
        await using var pcA = await ConnectAsync(new SmbClientOptions { CreditTarget = 32 });
        for (int i = 0; i < 12; i++) _folder.MakeDir($"d{i}");
        _folder.Put("data.txt", "readable while watched");
        var tree = PrimaryOf(pcA);
        var dirs = new List<ISmbWatchableDirectory>();
        var waits = new List<Task<SmbChangeBatch>>();
        try
        {
            await pcA.EchoAsync(None); // the credit window has grown to the target
            int limit = tree.MaxPendingWatches;
            Assert.That(limit, Is.EqualTo(8), "a quarter of the 32 credits");
            for (int i = 0; i <= limit; i++)
                dirs.Add(await OpenDirAsync(pcA, _folder.Remote($"d{i}")));
            for (int i = 0; i < limit; i++)
                waits.Add(await StartWaitAsync(pcA, dirs[i].Watch(SmbChangeFilter.FileName, watchTree: false)));
            Assert.That(tree.PendingWatches, Is.EqualTo(limit));
            Assert.That(tree.Connection.Credits.Outstanding, Is.EqualTo(limit), "each pending wait holds one credit");
            Assert.That(tree.Connection.Credits.Available, Is.GreaterThanOrEqualTo(32 - limit), "the rest stay free");
            Assert.That(tree.MaxPendingWatches, Is.EqualTo(limit), "the watches' own credits do not raise the limit");

            var refused = Assert.ThrowsAsync<SmbException>(() =>
                dirs[limit].Watch(SmbChangeFilter.FileName, watchTree: false).WaitForChangesAsync(None).WaitAsync(Bound));
            Assert.That(refused!.Message, Does.Contain("watch fewer directories").And.Contain(_folder.Name));

            // Everything else still has credits.
            var listing = await pcA.ListAsync(_folder.Name, "*", None);
            Assert.That(listing, Has.Count.EqualTo(13));
            await using (var file = await pcA.OpenAsync(_folder.Remote("data.txt"), SmbOpenKind.File, None))
            {
                var buffer = new byte[100];
                int n = await file.ReadAsync(0, buffer, 0, None);
                Assert.That(buffer[..n], Is.EqualTo(File.ReadAllBytes(_folder.Disk("data.txt"))));
            }
        }
        finally
        {
            foreach (var d in dirs) await d.DisposeAsync();
        }
        foreach (var wait in waits) Assert.That((await Completed(wait)).Kind, Is.EqualTo(SmbChangeBatchKind.Closed));
        Assert.That(tree.PendingWatches, Is.Zero);
    }

    [Test, CancelAfter(60_000)]
    public async Task Misuse_ClearErrors()
    {
        _folder.Put("file.txt", "x");
        await using var pcA = await ConnectAsync();
        await using var file = await pcA.OpenAsync(_folder.Remote("file.txt"), SmbOpenKind.File, None);
        var notDir = Assert.Throws<InvalidOperationException>(() => ((ISmbWatchableDirectory)file).Watch(SmbChangeFilter.FileName, false));
        Assert.That(notDir!.Message, Does.Contain("file.txt").And.Contain("not a directory"));

        await using var dir = await OpenDirAsync(pcA, _folder.Name);
        var watch = dir.Watch(SmbChangeFilter.FileName, watchTree: false);
        Assert.That(dir.Watch(SmbChangeFilter.FileName, watchTree: false), Is.SameAs(watch), "same settings: the same watch");
        var other = Assert.Throws<InvalidOperationException>(() => dir.Watch(SmbChangeFilter.FileName, watchTree: true));
        Assert.That(other!.Message, Does.Contain("other settings"));
        Assert.Throws<ArgumentOutOfRangeException>(() => dir.Watch(SmbChangeFilter.None, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => dir.Watch(SmbChangeFilter.FileName, false, bufferBytes: 0));

        using var cts = new CancellationTokenSource();
        var wait = await StartWaitAsync(pcA, watch, cts.Token);
        Assert.That(async () => await watch.WaitForChangesAsync(None), Throws.InstanceOf<InvalidOperationException>().With.Message.Contain("pending already"));
        await cts.CancelAsync();
        Assert.That(async () => await wait.WaitAsync(Bound), Throws.InstanceOf<OperationCanceledException>());
    }
}
