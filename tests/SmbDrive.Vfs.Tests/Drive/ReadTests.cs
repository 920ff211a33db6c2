using SmbDrive.Vfs.Tests.Fakes;

namespace SmbDrive.Vfs.Tests.Drive;

public class ReadTests
{
    private const int KiB = 1024, MiB = 1024 * 1024;
    private static readonly CancellationToken None = CancellationToken.None;

    [TestCase(0, 100)]
    [TestCase(1, 1)]
    [TestCase(1023 * KiB, 2 * KiB)]         // across a block boundary
    [TestCase(100, 3 * MiB)]                // many blocks
    [TestCase(5 * MiB - 10, 100)]           // past the end: short
    [TestCase(5 * MiB, 100)]                // at the end: nothing
    [TestCase(6 * MiB, 100)]                // beyond the end: nothing
    public async Task Read_AnyRange_ReturnsTheServersBytes(int offset, int length)
    {
        var server = new FakeSmbServer();
        byte[] content = TestDrives.Content(5 * MiB);
        server.AddFile("f.bin", content);
        await using var drive = await TestDrives.ConnectAsync(server);
        var handle = await TestDrives.OpenAsync(drive, "f.bin");

        byte[] read = await TestDrives.ReadAsync(drive, handle, offset, length);

        int expected = Math.Max(0, Math.Min(length, content.Length - offset));
        Assert.That(read, Has.Length.EqualTo(expected));
        TestDrives.AssertSameBytes(read, content.AsSpan(Math.Min(offset, content.Length), expected));
    }

    [Test]
    public async Task Read_Sequential_ReadAheadFetchesFewerLargerServerReadsWithHints()
    {
        var server = new FakeSmbServer();
        byte[] content = TestDrives.Content(64 * MiB);
        server.AddFile("movie.mkv", content);
        await using var drive = await TestDrives.ConnectAsync(server, TestDrives.Options(o => o.BlockSizeKB = 1024));
        var handle = await TestDrives.OpenAsync(drive, "movie.mkv");

        var copy = new byte[content.Length];
        int reads = 0;
        for (int offset = 0; offset < content.Length; offset += 128 * KiB, reads++)
        {
            var result = await drive.ReadAsync(handle, offset, copy.AsMemory(offset, 128 * KiB), None);
            Assert.That(result.Value, Is.EqualTo(128 * KiB));
        }

        TestDrives.AssertSameBytes(copy, content);
        var counters = drive.Counters.Snapshot();
        Assert.That(counters.ServerReads, Is.EqualTo(64), "one server read per 1 MiB block, not one per 128 KiB request");
        Assert.That(counters.ServerReads, Is.LessThan(reads / 4));
        Assert.That(counters.ServerBytesRead, Is.EqualTo(content.Length));
        Assert.That(counters.ReadAheadBlocks, Is.GreaterThan(50), "most blocks arrive before they are asked for");
        Assert.That(counters.BlockCacheHits, Is.GreaterThan(reads - 70));
        Assert.That(server.Reads.Where(r => r.Offset < 48 * MiB).Select(r => r.RemainingHint), Is.All.GreaterThan(0),
            "each READ carries the bytes still expected");
        Assert.That(server.Reads.Select(r => r.Length), Is.All.EqualTo(MiB));
    }

    [Test]
    public async Task Read_Random_NoReadAheadAndOnlyNeededBytesFetched()
    {
        var server = new FakeSmbServer();
        byte[] content = TestDrives.Content(256 * MiB / 8);
        server.AddFile("db.bin", content);
        await using var drive = await TestDrives.ConnectAsync(server, TestDrives.Options(o => o.BlockSizeKB = 1024));
        var handle = await TestDrives.OpenAsync(drive, "db.bin");
        var random = new Random(1234);
        int previousSlot = 0;

        for (int i = 0; i < 200; i++)
        {
            // Each read lands at least a megabyte away from the previous one: truly random access.
            int slot;
            do slot = random.Next(2, content.Length / MiB); while (Math.Abs(slot - previousSlot) < 2);
            previousSlot = slot;
            int offset = slot * MiB - random.Next(0, 512 * KiB);
            byte[] read = await TestDrives.ReadAsync(drive, handle, offset, 4 * KiB);
            TestDrives.AssertSameBytes(read, content.AsSpan(offset, 4 * KiB), $"at {offset}");
        }

        var counters = drive.Counters.Snapshot();
        Assert.That(counters.ReadAheadBlocks, Is.Zero);
        // A 4 KiB random read fetches its 16 KiB-aligned neighbourhood, not a 1 MiB block; only pieces that
        // touch an earlier piece of the same block are fetched together with it.
        Assert.That(server.Reads.Count(r => r.Length <= 32 * KiB), Is.GreaterThan(180));
        Assert.That(server.BytesRead, Is.LessThan(200L * 64 * KiB));
    }

    [Test]
    public async Task Read_RandomReRead_ServedFromCache()
    {
        var server = new FakeSmbServer();
        byte[] content = TestDrives.Content(8 * MiB);
        server.AddFile("f.bin", content);
        await using var drive = await TestDrives.ConnectAsync(server);
        var handle = await TestDrives.OpenAsync(drive, "f.bin");

        await TestDrives.ReadAsync(drive, handle, 5 * MiB + 1000, 3000);
        long before = server.BytesRead;
        byte[] again = await TestDrives.ReadAsync(drive, handle, 5 * MiB + 1500, 2000);

        TestDrives.AssertSameBytes(again, content.AsSpan(5 * MiB + 1500, 2000));
        Assert.That(server.BytesRead, Is.EqualTo(before));
    }

    [Test]
    public async Task Read_FileShrankWithinLifetime_ReadsTheNewEndNotStaleBytes()
    {
        var server = new FakeSmbServer();
        server.AddFile("log.txt", TestDrives.Content(3 * MiB));
        var time = new ManualTimeProvider();
        await using var drive = await TestDrives.ConnectAsync(server, time: time);
        var handle = await TestDrives.OpenAsync(drive, "log.txt");
        await TestDrives.ReadAsync(drive, handle, 0, 10); // server open made, version: 3 MiB

        server.ChangeFile("log.txt", TestDrives.Content(100, seed: 9), FakeSmbServer.BaseTime.AddSeconds(5));
        byte[] far = await TestDrives.ReadAsync(drive, handle, 2 * MiB + 5, 4096);
        byte[] start = await TestDrives.ReadAsync(drive, handle, 0, 4096);

        Assert.That(far, Is.Empty, "the server's short answer reveals the new, shorter version");
        TestDrives.AssertSameBytes(start, TestDrives.Content(100, seed: 9));
        Assert.That((await drive.GetInfoAsync(handle, None)).Value!.Size, Is.EqualTo(100));
    }

        [Test]
    public async Task Read_SecondPassWithNewHandle_ServedFromCache()
    {
        var server = new FakeSmbServer();
        byte[] content = TestDrives.Content(8 * MiB + 123);
        server.AddFile("f.bin", content);
        await using var drive = await TestDrives.ConnectAsync(server);

        for (int pass = 0; pass < 2; pass++)
        {
            var handle = await TestDrives.OpenAsync(drive, "f.bin");
            var copy = new byte[content.Length];
            for (int offset = 0; offset < content.Length; offset += 128 * KiB)
            {
                var result = await drive.ReadAsync(handle, offset, copy.AsMemory(offset, Math.Min(128 * KiB, content.Length - offset)), None);
                Assert.That(result.IsSuccess, Is.True);
            }
            TestDrives.AssertSameBytes(copy, content, $"pass {pass}");
            await drive.CloseAsync(handle);
            if (pass == 0) Assert.That(server.BytesRead, Is.EqualTo(content.Length));
        }

        Assert.That(server.BytesRead, Is.EqualTo(content.Length), "the second pass read nothing from the server");
        Assert.That(server.Count(FakeOperationKind.Open), Is.EqualTo(1), "nor opened the file: all of it was cached");
    }

    [Test]
    public async Task Read_FileChangedInPlace_NewContentAfterLifetime()
    {
        var server = new FakeSmbServer();
        server.AddFile("f.txt", Enumerable.Repeat((byte)0x11, 300 * KiB).ToArray());
        var time = new ManualTimeProvider();
        await using var drive = await TestDrives.ConnectAsync(server, time: time);
        var handle = await TestDrives.OpenAsync(drive, "f.txt");
        TestDrives.AssertAllBytes(await TestDrives.ReadAsync(drive, handle, 0, 300 * KiB), 0x11);

        server.ChangeFile("f.txt", Enumerable.Repeat((byte)0x22, 200 * KiB).ToArray(), FakeSmbServer.BaseTime.AddMinutes(1));
        time.Advance(TimeSpan.FromSeconds(5));
        TestDrives.AssertAllBytes(await TestDrives.ReadAsync(drive, handle, 0, 1000), 0x11, "within the lifetime the cache may answer");

        time.Advance(TimeSpan.FromSeconds(6));
        byte[] after = await TestDrives.ReadAsync(drive, handle, 0, 300 * KiB);
        Assert.That(after, Has.Length.EqualTo(200 * KiB));
        TestDrives.AssertAllBytes(after, 0x22);
        Assert.That((await drive.GetInfoAsync(handle, None)).Value!.Size, Is.EqualTo(200 * KiB));
        Assert.That(drive.Counters.Snapshot().VersionChanges, Is.EqualTo(1));
    }

    [Test]
    public async Task Read_FileChangedBetweenTwoFetches_NeverMixesVersions()
    {
        // Invariant: one read returns bytes of one version of the file, even when the change happened after
        // some of its blocks were cached and before the others were fetched, with no lifetime expiring.
        var server = new FakeSmbServer();
        server.AddFile("f.bin", Enumerable.Repeat((byte)0x11, 2 * MiB).ToArray());
        var time = new ManualTimeProvider();
        await using var drive = await TestDrives.ConnectAsync(server, time: time);
        var handle = await TestDrives.OpenAsync(drive, "f.bin");
        await TestDrives.ReadAsync(drive, handle, 1 * MiB + 4096, 100); // random: caches a piece of block 4 only

        server.ChangeFile("f.bin", Enumerable.Repeat((byte)0x22, 2 * MiB).ToArray(), FakeSmbServer.BaseTime.AddSeconds(1));
        byte[] read = await TestDrives.ReadAsync(drive, handle, 1 * MiB - 4096, 16 * KiB);

        Assert.That(read.Distinct().Count(), Is.EqualTo(1), "bytes of two versions in one read");
        Assert.That(read[0], Is.EqualTo(0x22));
    }

    [Test]
    public async Task Read_ConcurrentReadersWhileFileKeepsChanging_EachReadIsOneVersion()
    {
        var server = new FakeSmbServer();
        const int Size = 4 * MiB;
        server.AddFile("hot.bin", new byte[Size]);
        await using var drive = await TestDrives.ConnectAsync(server, TestDrives.Options(o => o.FileInfoLifetimeSeconds = 0.05),
            TimeProvider.System);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var writer = Task.Run(async () =>
        {
            for (int version = 1; !stop.IsCancellationRequested; version++)
            {
                server.ChangeFile("hot.bin", Enumerable.Repeat((byte)version, Size).ToArray(), FakeSmbServer.BaseTime.AddSeconds(version));
                await Task.Delay(3);
            }
        });
        int mixed = 0, reads = 0;
        var readers = Enumerable.Range(0, 8).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            var handle = await TestDrives.OpenAsync(drive, "hot.bin");
            var buffer = new byte[1 * MiB];
            while (!stop.IsCancellationRequested)
            {
                int offset = random.Next(0, Size - buffer.Length);
                int length = random.Next(1, buffer.Length);
                var result = await drive.ReadAsync(handle, offset, buffer.AsMemory(0, length), None);
                if (result.Status == VfsStatus.STATUS_FILE_INVALID) continue; // kept changing under four attempts
                Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
                Interlocked.Increment(ref reads);
                var span = buffer.AsSpan(0, result.Value);
                if (span.IndexOfAnyExcept(span[0]) >= 0) Interlocked.Increment(ref mixed);
            }
        })).ToArray();
        await Task.WhenAll(readers.Append(writer));

        Assert.That(reads, Is.GreaterThan(50));
        Assert.That(mixed, Is.Zero);
    }

    [Test]
    public async Task Read_FileReplacedByNewFile_OpenHandleKeepsOldNewHandleSeesNew()
    {
        var server = new FakeSmbServer();
        server.AddFile("doc.txt", Enumerable.Repeat((byte)'a', 1000).ToArray());
        var time = new ManualTimeProvider();
        await using var drive = await TestDrives.ConnectAsync(server, time: time);
        var old = await TestDrives.OpenAsync(drive, "doc.txt");
        await TestDrives.ReadAsync(drive, old, 0, 10);

        server.ReplaceFile("doc.txt", Enumerable.Repeat((byte)'b', 500).ToArray(), FakeSmbServer.BaseTime.AddHours(1));
        time.Advance(TimeSpan.FromSeconds(11));
        var fresh = await TestDrives.OpenAsync(drive, "doc.txt");

        TestDrives.AssertAllBytes(await TestDrives.ReadAsync(drive, old, 0, 1000), (byte)'a');
        Assert.That(await TestDrives.ReadAsync(drive, fresh, 0, 1000), Is.EqualTo(Enumerable.Repeat((byte)'b', 500).ToArray()));
    }

    [Test]
    public async Task Read_CacheOff_ReadsStraightFromServer()
    {
        var server = new FakeSmbServer();
        byte[] content = TestDrives.Content(3 * MiB);
        server.AddFile("f.bin", content);
        await using var drive = await TestDrives.ConnectAsync(server, TestDrives.Options(o => o.CacheMemoryMB = 0));
        var handle = await TestDrives.OpenAsync(drive, "f.bin");

        TestDrives.AssertSameBytes(await TestDrives.ReadAsync(drive, handle, 12345, 2 * MiB), content.AsSpan(12345, 2 * MiB));
        Assert.That(await TestDrives.ReadAsync(drive, handle, 12345, 10), Is.EqualTo(content.AsSpan(12345, 10).ToArray()));
        Assert.That(server.Count(FakeOperationKind.Read), Is.EqualTo(2));
        Assert.That(server.BytesRead, Is.EqualTo(2 * MiB + 10));
    }

    [Test]
    public async Task Read_BadRequests_GiveStatuses()
    {
        var server = new FakeSmbServer();
        server.AddFile(@"d\f.bin", [1, 2, 3]);
        await using var drive = await TestDrives.ConnectAsync(server);
        var dir = await TestDrives.OpenAsync(drive, "d", VfsOpenIntent.Directory);
        var file = await TestDrives.OpenAsync(drive, @"d\f.bin");

        Assert.That((await drive.ReadAsync(dir, 0, new byte[10], None)).Status, Is.EqualTo(VfsStatus.STATUS_INVALID_DEVICE_REQUEST));
        Assert.That((await drive.ReadAsync(file, -1, new byte[10], None)).Status, Is.EqualTo(VfsStatus.STATUS_INVALID_PARAMETER));
        Assert.That((await drive.ReadAsync(file, 0, Memory<byte>.Empty, None)).Value, Is.Zero);
        var stranger = new VfsHandle(999, "x", (await drive.GetInfoAsync(@"d\f.bin", None)).Value!);
        Assert.That((await drive.ReadAsync(stranger, 0, new byte[10], None)).Status, Is.EqualTo(VfsStatus.STATUS_INVALID_HANDLE));
        await drive.CloseAsync(file);
        Assert.That((await drive.ReadAsync(file, 0, new byte[10], None)).Status, Is.EqualTo(VfsStatus.STATUS_FILE_CLOSED));
    }

    [Test]
    public async Task Read_FileDeletedBeforeFirstRead_NotFound()
    {
        var server = new FakeSmbServer();
        server.AddFile("f.bin", [1, 2, 3]);
        await using var drive = await TestDrives.ConnectAsync(server);
        var handle = await TestDrives.OpenAsync(drive, "f.bin");
        server.Delete("f.bin");

        Assert.That((await drive.ReadAsync(handle, 0, new byte[3], None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
    }

    [Test]
    public async Task Close_ReleasesTheServerOpen()
    {
        var server = new FakeSmbServer();
        server.AddFile("f.bin", TestDrives.Content(10));
        await using var drive = await TestDrives.ConnectAsync(server);
        var handles = new List<VfsHandle>();
        for (int i = 0; i < 5; i++)
        {
            var handle = await TestDrives.OpenAsync(drive, "f.bin");
            await TestDrives.ReadAsync(drive, handle, 0, 1);
            handles.Add(handle);
        }
        Assert.That(server.OpenFiles, Is.GreaterThanOrEqualTo(1));

        foreach (var handle in handles) await drive.CloseAsync(handle);

        Assert.That(server.OpenFiles, Is.Zero);
    }

    [Test]
    public async Task Read_ManyThreadsRandomRanges_EveryByteRight()
    {
        var server = new FakeSmbServer();
        var files = Enumerable.Range(0, 4).Select(i => TestDrives.Content(9 * MiB + i * 777, seed: i)).ToArray();
        for (int i = 0; i < files.Length; i++) server.AddFile($"f{i}.bin", files[i]);
        await using var drive = await TestDrives.ConnectAsync(server, TestDrives.Options(o => o.CacheMemoryMB = 8), TimeProvider.System);

        int checkedReads = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            var handles = new VfsHandle[files.Length];
            for (int i = 0; i < files.Length; i++) handles[i] = await TestDrives.OpenAsync(drive, $"f{i}.bin");
            for (int n = 0; n < 150; n++)
            {
                int f = random.Next(files.Length);
                int length = random.Next(1, 2 * MiB);
                long offset = random.NextInt64(0, files[f].Length);
                var buffer = new byte[length];
                var result = await drive.ReadAsync(handles[f], offset, buffer, None);
                int expected = (int)Math.Min(length, files[f].Length - offset);
                Assert.That(result.Value, Is.EqualTo(expected));
                Assert.That(buffer.AsSpan(0, expected).SequenceEqual(files[f].AsSpan((int)offset, expected)), Is.True);
                Interlocked.Increment(ref checkedReads);
            }
        })));

        Assert.That(checkedReads, Is.EqualTo(16 * 150));
    }
}
