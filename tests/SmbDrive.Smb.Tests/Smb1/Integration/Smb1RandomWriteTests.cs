using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Tests.Integration;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>Random writes, reads, truncations, extensions, flushes and reopenings over SMB1, each checked against an
/// in-memory model of the file, and the server's disk checked against the model along the way and at the end.</summary>
[Category("Integration")]
public class Smb1RandomWriteTests
{
    private const int MiB = 1 << 20;
    private static readonly CancellationToken None = CancellationToken.None;

    [TestCase(20261203, true)]
    [TestCase(1414, false)]
    [CancelAfter(240_000)]
    public async Task RandomOperations_AgainstModel_ThenServerDiskEqualsModel(int seed, bool largeWrites)
    {
        string dir = $"x{Guid.NewGuid():N}";
        string diskDir = Path.Combine(Smb1Fixture.WritableDir, dir);
        Directory.CreateDirectory(diskDir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(diskDir, (UnixFileMode)0x1FF);
        string remote = $"{dir}/random.bin", disk = Path.Combine(diskDir, "random.bin");

        await using var share = await Smb1WriteTests.ConnectAsync(tuning: new Smb1Tuning { UseLargeWrites = largeWrites });
        Assert.That(share.UsesLargeWrites, Is.EqualTo(largeWrites));
        var random = new Random(seed);
        var model = new List<byte>();
        var file = await share.CreateAsync(remote, WriteTests.ReadWrite(SmbCreateDisposition.Create), None);
        var buffer = new byte[4 * MiB];
        int writes = 0, truncations = 0, reopenings = 0, diskChecks = 0;
        try
        {
            for (int op = 0; op < 400; op++)
            {
                int kind = random.Next(100);
                string what = $"seed {seed} op {op}";
                if (kind < 45)
                {
                    // Mostly small, sometimes several chunks at once; offsets up to well past the end (holes).
                    int length = random.Next(8) == 0 ? random.Next(1, 3 * MiB) : random.Next(1, 70_000);
                    long offset = random.NextInt64(0, model.Count + (random.Next(4) == 0 ? 2L * MiB : 10_000));
                    var data = new byte[length];
                    random.NextBytes(data);
                    await file.WriteAsync(offset, data, 0, None);
                    while (model.Count < offset + length) model.Add(0);
                    for (int i = 0; i < length; i++) model[(int)offset + i] = data[i];
                    writes++;
                }
                else if (kind < 70)
                {
                    int length = random.Next(1, buffer.Length);
                    long offset = random.NextInt64(0, model.Count + 100_000);
                    int n = await file.ReadAsync(offset, buffer.AsMemory(0, length), 0, None);
                    int expected = (int)Math.Clamp(model.Count - offset, 0, length);
                    Assert.That(n, Is.EqualTo(expected), $"{what}: bytes read at {offset} of {model.Count}");
                    Assert.That(buffer.AsSpan(0, n).SequenceEqual(model.GetRange((int)Math.Min(offset, model.Count), expected).ToArray()), Is.True,
                        $"{what}: bytes at {offset}");
                }
                else if (kind < 82)
                {
                    long size = random.NextInt64(0, model.Count + 2L * MiB);
                    if (random.Next(2) == 0) await file.SetEndOfFileAsync(size, None);
                    else await share.SetEndOfFileAsync(remote, size, None);
                    if (size < model.Count) model.RemoveRange((int)size, model.Count - (int)size);
                    while (model.Count < size) model.Add(0);
                    truncations++;
                    Assert.That((await file.QueryInfoAsync(None)).Size, Is.EqualTo(model.Count), $"{what}: size after setting {size}");
                }
                else if (kind < 90)
                {
                    await file.DisposeAsync();
                    Smb1WriteTests.AssertDiskEquals(disk, model.ToArray()); // the close returned: the server has every byte
                    diskChecks++;
                    file = await share.CreateAsync(remote, WriteTests.ReadWrite(SmbCreateDisposition.Open), None);
                    Assert.That(file.Info.Size, Is.EqualTo(model.Count), $"{what}: size on reopen");
                    reopenings++;
                }
                else
                {
                    await file.FlushAsync(None);
                    Assert.That(new FileInfo(disk).Length, Is.EqualTo(model.Count), $"{what}: size on disk after FLUSH");
                }
            }
        }
        finally
        {
            await file.DisposeAsync();
        }
        Smb1WriteTests.AssertDiskEquals(disk, model.ToArray());
        TestContext.Out.WriteLine($"{writes} writes, {truncations} size changes, {reopenings} reopenings, {diskChecks} disk checks; final size {model.Count}");
        Assert.That(writes, Is.GreaterThan(100));
        Assert.That(truncations, Is.GreaterThan(20));
        Assert.That(reopenings, Is.GreaterThan(10));
    }
}
