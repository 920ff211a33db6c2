using System.Buffers.Binary;
using SmbDrive.TestSupport;

namespace SmbDrive.Vfs.Tests.Integration;

/// <summary>Requests that are not idempotent (delete, rename, mkdir) whose answer is lost with the connection
/// after the server carried them out: a relay drops the connection instead of delivering the answer, the drive
/// reconnects and repeats the request, and the repetition is refused the way a completed request makes it
/// (gone, or already there). The drive must report success, as the server did, and the disk must show it.</summary>
[Category("Integration")]
public class LostReplyTests
{
    private const ushort Close = 6;
    private static readonly CancellationToken None = CancellationToken.None;
    private string _dir = null!;
    private string _diskDir = null!;
    private TamperingProxy _relay = null!;
    private volatile bool _armed;

    [SetUp]
    public void Start()
    {
        _dir = $"l{Guid.NewGuid():N}"[..12];
        _diskDir = Path.Combine(VfsSambaFixture.WritableDir, _dir);
        Directory.CreateDirectory(_diskDir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_diskDir, (UnixFileMode)0x1FF);
        // Every path request ends in CLOSE, after which the server has done it all: that answer is the one lost.
        _relay = new TamperingProxy(VfsSambaFixture.Server.Port, (_, message) =>
        {
            if (!_armed || !HasResponse(message, Close)) return true;
            _armed = false;
            _relay.Tampered = true;
            return false;
        });
    }

    [TearDown]
    public async Task StopAsync() => await _relay.DisposeAsync();

    /// <summary>Whether a server message (a chain of SMB2 responses) holds a response to <paramref name="command"/>.</summary>
    private static bool HasResponse(byte[] message, ushort command)
    {
        int offset = 0;
        while (offset + 64 <= message.Length && message[offset] == 0xFE && message[offset + 1] == 'S')
        {
            if (BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(offset + 12)) == command) return true;
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(offset + 20));
            if (next == 0) break;
            offset += (int)next;
        }
        return false;
    }

    private Task<SmbDriveFileSystem> ConnectAsync() => VfsSambaFixture.ConnectDriveAsync("rw", port: _relay.Port);

    [Test, CancelAfter(60_000)]
    public async Task Delete_AnswerLost_RepeatFindsItGone_Succeeds()
    {
        File.WriteAllText(Path.Combine(_diskDir, "f.txt"), "x");
        await using var drive = await ConnectAsync();

        _armed = true;
        var status = await drive.DeleteAsync($"{_dir}/f.txt", directory: false, None);

        Assert.That(_relay.Tampered, Is.True, "the answer was lost");
        Assert.That(status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(File.Exists(Path.Combine(_diskDir, "f.txt")), Is.False);
        Assert.That(drive.Counters.Snapshot().RetriedRequests, Is.EqualTo(1));
    }

    [Test, CancelAfter(60_000)]
    public async Task Rename_AnswerLost_RepeatFindsItMoved_Succeeds([Values] bool replace)
    {
        File.WriteAllText(Path.Combine(_diskDir, "a.txt"), "content");
        await using var drive = await ConnectAsync();

        _armed = true;
        var status = await drive.RenameAsync($"{_dir}/a.txt", $"{_dir}/b.txt", replace, None);

        Assert.That(_relay.Tampered, Is.True, "the answer was lost");
        Assert.That(status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(File.Exists(Path.Combine(_diskDir, "a.txt")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(_diskDir, "b.txt")), Is.EqualTo("content"));
    }

    [Test, CancelAfter(60_000)]
    public async Task CreateDirectory_AnswerLost_RepeatFindsIt_Succeeds()
    {
        await using var drive = await ConnectAsync();

        _armed = true;
        var status = await drive.CreateDirectoryAsync($"{_dir}/sub", None);

        Assert.That(_relay.Tampered, Is.True, "the answer was lost");
        Assert.That(status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(Directory.Exists(Path.Combine(_diskDir, "sub")), Is.True);
    }

    [Test, CancelAfter(60_000)]
    public async Task Refusals_WithoutALoss_StayRefusals()
    {
        // The same statuses without a lost answer are the caller's to see: the checks run only after a loss.
        File.WriteAllText(Path.Combine(_diskDir, "taken.txt"), "t");
        Directory.CreateDirectory(Path.Combine(_diskDir, "dir"));
        await using var drive = await ConnectAsync();

        Assert.That(await drive.DeleteAsync($"{_dir}/missing.txt", directory: false, None), Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        Assert.That(await drive.CreateDirectoryAsync($"{_dir}/dir", None), Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
        Assert.That(await drive.RenameAsync($"{_dir}/missing.txt", $"{_dir}/taken.txt", false, None), Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        Assert.That(_relay.Tampered, Is.False);
    }
}
