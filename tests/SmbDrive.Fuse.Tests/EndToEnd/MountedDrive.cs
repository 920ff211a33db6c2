using SmbDrive.Fuse.Tests.Fakes;

namespace SmbDrive.Fuse.Tests.EndToEnd;

/// <summary>A real FUSE mount of a <see cref="DirectoryBackedDrive"/> served by <see cref="FuseHost.Run"/> on a
/// background thread of the test process. Dispose always leaves no mount behind: it cancels, waits, and if the
/// mount point is still in /proc/mounts detaches it with fusermount3 -u -z.</summary>
internal sealed class MountedDrive : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _cancellation = new();
    private readonly ManualResetEventSlim _mounted = new();
    private readonly ManualResetEventSlim _finished = new();
    private readonly Thread _thread;
    private FuseMountResult? _result;
    private Exception? _crash;

    private MountedDrive(DirectoryBackedDrive drive, string mountPoint, FuseMountOptions options, CapturingLogger log)
    {
        Drive = drive;
        MountPoint = mountPoint;
        Log = log;
        _thread = new Thread(() =>
        {
            try
            {
                _result = FuseHost.Run(drive, mountPoint, options, log.Logger, () => _mounted.Set(), _cancellation.Token);
            }
            catch (Exception ex)
            {
                _crash = ex;
            }
            finally
            {
                _finished.Set();
            }
        })
        { IsBackground = true, Name = "fuse-test-mount" };
    }

    public DirectoryBackedDrive Drive { get; }
    public string MountPoint { get; }
    public CapturingLogger Log { get; }
    public bool HasFinished => _finished.IsSet;

    public string PathOf(string relative) => Path.Combine(MountPoint, relative);

    public static MountedDrive Start(DirectoryBackedDrive drive, FuseMountOptions? options = null, string? mountPoint = null)
    {
        mountPoint ??= Directory.CreateTempSubdirectory("fuse-mnt-").FullName;
        var mount = new MountedDrive(drive, mountPoint, options ?? new FuseMountOptions { HandleSignals = false }, new CapturingLogger());
        mount._thread.Start();
        int which = WaitHandle.WaitAny([mount._mounted.WaitHandle, mount._finished.WaitHandle], s_timeout);
        if (which != 0)
        {
            string why = which == WaitHandle.WaitTimeout ? "timed out" : $"ended: {mount._result?.ErrorMessage ?? mount._crash?.ToString()}";
            mount.Dispose();
            Assert.Fail($"Mounting on {mountPoint} {why}");
        }
        return mount;
    }

    /// <summary>The result of Run once it returned; fails the test if it does not return in time.</summary>
    public FuseMountResult WaitForExit(TimeSpan? timeout = null)
    {
        Assert.That(_finished.Wait(timeout ?? s_timeout), Is.True, $"FuseHost.Run on {MountPoint} did not return");
        Assert.That(_crash, Is.Null, "FuseHost.Run threw");
        return _result!;
    }

    public FuseMountResult Stop()
    {
        _cancellation.Cancel();
        return WaitForExit();
    }

    public static bool IsInProcMounts(string mountPoint) =>
        File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')).Any(f => f.Length > 1 && MountTable.Unescape(f[1]) == mountPoint);

    public void Dispose()
    {
        try
        {
            _cancellation.Cancel();
            _finished.Wait(s_timeout);
        }
        finally
        {
            if (IsInProcMounts(MountPoint))
                Shell.Run("fusermount3", "-u", "-z", MountPoint);
            try
            {
                Directory.Delete(MountPoint);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner; the mount itself is gone.
            }
        }
    }
}
