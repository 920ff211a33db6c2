using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests;

/// <summary>Dokan runs its callbacks on many threads at once, also for the same handle (dokan-api.md §3.1).</summary>
[TestFixture]
public sealed class ConcurrencyTests
{
    private const int Threads = 16;

    [Test]
    public void SixteenThreads_BrowseAndRead_AllBytesRightAndNothingLeaks()
    {
        using var mount = new FakeMount();
        var failures = RunSixteenThreads(mount.Driver, mount.Tree);
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty);
            Assert.That(mount.Drive.OpenHandles, Is.Zero, "drive handles left open");
            Assert.That(mount.Driver.LeakedContexts, Is.Zero);
            Assert.That(mount.Driver.Instance.UnexpectedErrors, Is.Zero);
        });
    }

    /// <summary>16 dispatcher threads browsing, probing and reading a <see cref="LocalTree"/> (locally or behind a
    /// share), one handle shared by all of them; returns what went wrong.</summary>
    internal static IReadOnlyCollection<string> RunSixteenThreads(SimulatedDokanDriver driver, LocalTree tree, int iterations = 40)
    {
        var files = new[] { LocalTree.BigFile, LocalTree.SmallFile, LocalTree.UnicodeFile, "odd size.bin", LocalTree.NestedFile };
        var contents = files.ToDictionary(f => f, tree.Content);
        var shared = driver.Create("\\" + LocalTree.BigFile, IoRequest.ReadFile).Open!;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                var random = new Random(100 + t);
                for (int i = 0; i < iterations; i++)
                {
                    RunOne(driver, random, files, contents, shared, failures);
                }
            }
            catch (Exception ex)
            {
                failures.Enqueue($"thread {t}: {ex}");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        driver.Cleanup(shared);
        driver.Close(shared);
        return failures;
    }

    private static void RunOne(SimulatedDokanDriver driver, Random random, string[] files, Dictionary<string, byte[]> contents,
        SimulatedOpen shared, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        switch (random.Next(4))
        {
            case 0:
            {
                var root = driver.Create("\\", IoRequest.ListFolder);
                var listing = driver.FindFiles(root.Open!);
                if (listing.Filled!.Count != 6)
                {
                    failures.Enqueue($"root listing had {listing.Filled.Count} entries");
                }
                driver.Cleanup(root.Open!);
                driver.Close(root.Open!);
                break;
            }
            case 1:
            {
                var probe = driver.Create("\\Folder\\desktop.ini", IoRequest.ProbeDesktopIni);
                if (probe.VfsStatus != VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND)
                {
                    failures.Enqueue($"desktop.ini probe gave {probe.VfsStatus}");
                }
                break;
            }
            case 2:
            {
                long offset = random.NextInt64(0, contents[LocalTree.BigFile].Length);
                int length = random.Next(1, 128 * 1024);
                Check(driver.Read(shared, offset, length, pagingIo: random.Next(2) == 0), contents[LocalTree.BigFile], offset, length,
                    LocalTree.BigFile, failures);
                break;
            }
            default:
            {
                string file = files[random.Next(files.Length)];
                var open = driver.Create("\\" + file, IoRequest.ReadFile);
                if (open.Open is null)
                {
                    failures.Enqueue($"open {file} gave {open.VfsStatus}");
                    return;
                }
                var info = driver.GetFileInformation(open.Open);
                if (info.Size != contents[file].Length)
                {
                    failures.Enqueue($"{file} size {info.Size}");
                }
                long offset = random.NextInt64(0, contents[file].Length);
                int length = random.Next(1, 64 * 1024);
                Check(driver.Read(open.Open, offset, length), contents[file], offset, length, file, failures);
                driver.Cleanup(open.Open);
                driver.Close(open.Open);
                break;
            }
        }
    }

    private static void Check(ReadResult read, byte[] content, long offset, int length, string file,
        System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        int expected = (int)Math.Max(0, Math.Min(length, content.Length - offset));
        if (read.Status != 0 || !read.Data.AsSpan().SequenceEqual(content.AsSpan((int)offset, expected)))
        {
            failures.Enqueue($"{file}: read {length} at {offset} gave status {read.Status:X8}, {read.Data.Length} bytes");
        }
    }
}
