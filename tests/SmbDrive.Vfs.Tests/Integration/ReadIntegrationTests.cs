using System.Diagnostics;
using SmbDrive.TestSupport;

namespace SmbDrive.Vfs.Tests.Integration;

[Category("Integration")]
public class ReadIntegrationTests
{
    private const int KiB = 1024, MiB = 1024 * 1024;
    private static readonly CancellationToken None = CancellationToken.None;

    [Test, CancelAfter(180_000)]
    public async Task RandomReads_32ThreadsFor30SecondsOver2GiB_EveryByteEqualsServerFile()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("random");
        var names = Enumerable.Range(0, VfsSambaFixture.StressFileCount)
            .Select(i => VfsSambaFixture.RandomFileName(VfsSambaFixture.StressFileSize, VfsSambaFixture.FirstStressSeed + i)).ToArray();
        long reads = 0, bytes = 0;
        var until = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 32).Select(thread => Task.Run(async () =>
        {
            var random = new Random(thread);
            var handles = new VfsHandle[names.Length];
            for (int i = 0; i < names.Length; i++)
                handles[i] = (await drive.OpenAsync(names[i], VfsOpenIntent.NonDirectory, None)).Value!;
            var buffer = new byte[4 * MiB];
            while (until.Elapsed < TimeSpan.FromSeconds(30))
            {
                int file = random.Next(names.Length);
                int length = random.Next(1, buffer.Length + 1);
                long offset = random.NextInt64(0, VfsSambaFixture.StressFileSize);
                var result = await drive.ReadAsync(handles[file], offset, buffer.AsMemory(0, length), None);
                Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
                int expected = (int)Math.Min(length, VfsSambaFixture.StressFileSize - offset);
                Assert.That(result.Value, Is.EqualTo(expected), $"{names[file]} at {offset}");
                VfsSambaFixture.AssertRandomContent(buffer.AsSpan(0, expected), VfsSambaFixture.FirstStressSeed + file, offset, names[file]);
                Interlocked.Increment(ref reads);
                Interlocked.Add(ref bytes, expected);
            }
            foreach (var handle in handles) await drive.CloseAsync(handle);
        })));

        TestContext.Out.WriteLine($"{reads} verified reads, {bytes / MiB} MiB, {drive.Counters.Snapshot()}");
        Assert.That(reads, Is.GreaterThan(100));
        Assert.That(drive.OpenHandleCount, Is.Zero);
    }

    [Test, CancelAfter(120_000)]
    public async Task SequentialRead_ReadAheadMakesFewerLargerServerReads_AndSecondPassComesFromCache()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("random");
        string name = VfsSambaFixture.RandomFileName(VfsSambaFixture.SequentialFileSize, VfsSambaFixture.SequentialSeed);
        var buffer = new byte[128 * KiB];
        int requests = 0; // per pass

        var first = await ReadWholeAsync();
        var afterFirst = drive.Counters.Snapshot();
        var second = await ReadWholeAsync();
        var afterSecond = drive.Counters.Snapshot();

        var pass1 = afterFirst - first;
        var pass2 = afterSecond - second;
        TestContext.Out.WriteLine($"pass 1: {pass1}\npass 2: {pass2}");
        Assert.That(pass1.ServerBytesRead, Is.EqualTo(VfsSambaFixture.SequentialFileSize));
        Assert.That(pass1.ServerReads, Is.LessThanOrEqualTo(requests / 4), "far fewer server reads than 128 KiB requests");
        Assert.That(pass1.ServerBytesRead / pass1.ServerReads, Is.GreaterThanOrEqualTo(512 * KiB), "larger server reads");
        Assert.That(pass1.ReadAheadBlocks, Is.GreaterThan(pass1.BlockCacheMisses), "most blocks were fetched ahead");
        Assert.That(pass2.ServerReads, Is.Zero, "the second pass is served from the block cache");
        Assert.That(pass2.BlockCacheHits, Is.GreaterThan(0));

        async Task<Diagnostics.VfsCounterSnapshot> ReadWholeAsync()
        {
            var start = drive.Counters.Snapshot();
            requests = 0;
            var handle = (await drive.OpenAsync(name, VfsOpenIntent.ReadData, None)).Value!;
            for (long offset = 0; ; offset += buffer.Length)
            {
                var result = await drive.ReadAsync(handle, offset, buffer, None);
                Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
                if (result.Value == 0) break;
                requests++;
                VfsSambaFixture.AssertRandomContent(buffer.AsSpan(0, result.Value), VfsSambaFixture.SequentialSeed, offset, name);
            }
            await drive.CloseAsync(handle);
            return start;
        }
    }

    [Test, CancelAfter(120_000)]
    public async Task ChangedOnServer_AfterLifetimeNewContent_AndReadsDuringChangesAreOneVersion()
    {
        string dir = Path.Combine(VfsSambaFixture.DataDir, "changing");
        string path = Path.Combine(dir, "doc.bin");
        WriteVersion(path, 1);
        var options = new VfsOptions { FileInfoLifetimeSeconds = 1, NotFoundLifetimeSeconds = 1, DirectoryLifetimeSeconds = 1 };
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("data", options);
        var handle = (await drive.OpenAsync(@"changing\doc.bin", VfsOpenIntent.ReadData, None)).Value!;
        var buffer = new byte[VersionSize + 8192];
        AssertVersion(await drive.ReadAsync(handle, 0, buffer, None), buffer, 1, VersionSize);

        // Rewritten in place and grown while our handle is open. Samba (like Windows) keeps reporting the
        // write time of the first open while any handle is open, so the size is what shows the change.
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
            stream.Write(Enumerable.Repeat((byte)2, VersionSize + 4096).ToArray());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        AssertVersion(await drive.ReadAsync(handle, 0, buffer, None), buffer, 2, VersionSize + 4096);
        await drive.CloseAsync(handle);

        // Same size, new time, no handle open: a new open after the lifetime reads the new bytes.
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
            stream.Write(Enumerable.Repeat((byte)3, VersionSize + 4096).ToArray());
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        handle = (await drive.OpenAsync(@"changing\doc.bin", VfsOpenIntent.ReadData, None)).Value!;
        AssertVersion(await drive.ReadAsync(handle, 0, buffer, None), buffer, 3, VersionSize + 4096);
        await drive.CloseAsync(handle);

        // Now keep replacing the file (atomically, by rename) while readers open and read it.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var writer = Task.Run(async () =>
        {
            for (byte version = 4; !stop.IsCancellationRequested; version = (byte)(version == 250 ? 4 : version + 1))
            {
                string temporary = path + ".tmp";
                WriteVersion(temporary, version);
                File.Move(temporary, path, overwrite: true);
                await Task.Delay(20);
            }
        });
        int reads = 0;
        var readers = Enumerable.Range(0, 4).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            var local = new byte[VersionSize];
            while (!stop.IsCancellationRequested)
            {
                var open = await drive.OpenAsync(@"changing\doc.bin", VfsOpenIntent.ReadData, None);
                if (open.Status == VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND) continue; // between unlink and rename
                Assert.That(open.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
                int offset = random.Next(0, VersionSize / 2);
                var result = await drive.ReadAsync(open.Value!, offset, local.AsMemory(0, VersionSize - offset), None);
                await drive.CloseAsync(open.Value!);
                if (result.Status is VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND or VfsStatus.STATUS_FILE_INVALID) continue;
                Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
                var span = local.AsSpan(0, result.Value);
                Assert.That(span.IndexOfAnyExcept(span[0]), Is.EqualTo(-1), $"bytes of two versions in one read at {offset}");
                Interlocked.Increment(ref reads);
            }
        })).ToArray();
        await Task.WhenAll(readers.Append(writer));
        Assert.That(reads, Is.GreaterThan(20));
    }

    private const int VersionSize = 3 * MiB + 17;

    private static void AssertVersion(VfsResult<int> result, byte[] buffer, byte version, int size)
    {
        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(result.Value, Is.EqualTo(size));
        int wrong = buffer.AsSpan(0, result.Value).IndexOfAnyExcept(version);
        Assert.That(wrong, Is.EqualTo(-1), $"byte {wrong} is not of version {version}");
    }

    private static void WriteVersion(string path, byte version) =>
        File.WriteAllBytes(path, Enumerable.Repeat(version, VersionSize).ToArray());
}
