using Serilog;
using SmbDrive.Fuse.Tests.EndToEnd;
using SmbDrive.Smb;
using SmbDrive.TestSupport;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>The product chain in the test process: the real SMB client connected to a <see cref="SambaServer"/>
/// share, <see cref="SmbDriveFileSystem"/> over it, and <see cref="FuseHost.Run"/> serving it on a background
/// thread, as <c>smbdrive mount</c> does. Dispose always leaves no mount behind (cancel, wait, then
/// fusermount3 -u -z if the mount point is still listed) and disposes the drive.</summary>
internal sealed class SambaMount : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _cancellation = new();
    private readonly ManualResetEventSlim _mounted = new();
    private readonly ManualResetEventSlim _finished = new();
    private readonly Thread _thread;
    private FuseMountResult? _result;
    private Exception? _crash;

    private SambaMount(SmbDriveFileSystem drive, string mountPoint, FuseMountOptions options, CapturingLogger log, ILogger logger)
    {
        Drive = drive;
        MountPoint = mountPoint;
        Log = log;
        _thread = new Thread(() =>
        {
            try
            {
                _result = FuseHost.Run(drive, mountPoint, options, logger, () => _mounted.Set(), _cancellation.Token);
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
        { IsBackground = true, Name = "fuse-samba-mount" };
    }

    public SmbDriveFileSystem Drive { get; }
    public string MountPoint { get; }

    /// <summary>Warnings and errors of the client, drive and FUSE layers (debug lines are not kept: one per
    /// request would slow the bulk tests down).</summary>
    public CapturingLogger Log { get; }

    public bool HasFinished => _finished.IsSet;

    public string PathOf(string relative) => Path.Combine(MountPoint, relative);

    public static async Task<SambaMount> StartAsync(SambaServer server, string share, VfsOptions? options = null,
        Serilog.Events.LogEventLevel level = Serilog.Events.LogEventLevel.Information)
    {
        var log = new CapturingLogger();
        var logger = new LoggerConfiguration().MinimumLevel.Is(level).WriteTo.Sink(log).CreateLogger();
        var address = SmbAddress.Parse(server.Address(share));
        var credentials = SmbCredentials.User(server.User.Name, server.User.Password);
        var clientOptions = new SmbClientOptions { ConnectTimeoutSeconds = 5 };
        var drive = await SmbDriveFileSystem.ConnectAsync(
            ct => SmbClient.ConnectShareAsync(address, credentials, clientOptions, logger, ct), options ?? new VfsOptions(), logger);

        string mountPoint = Directory.CreateTempSubdirectory("fuse-samba-mnt-").FullName;
        var fuseOptions = new FuseMountOptions { HandleSignals = false, FsName = $"//{address.Host}/{address.Share}" };
        var mount = new SambaMount(drive, mountPoint, fuseOptions, log, logger);
        mount._thread.Start();
        int which = WaitHandle.WaitAny([mount._mounted.WaitHandle, mount._finished.WaitHandle], s_timeout);
        if (which != 0)
        {
            string why = which == WaitHandle.WaitTimeout ? "timed out" : $"ended: {mount._result?.ErrorMessage ?? mount._crash?.ToString()}";
            await mount.DisposeAsync();
            Assert.Fail($"Mounting {address.Unc} on {mountPoint} {why}");
        }
        return mount;
    }

    /// <summary>The result of FuseHost.Run once it returned; fails the test if it does not return in time.</summary>
    public FuseMountResult WaitForExit()
    {
        Assert.That(_finished.Wait(s_timeout), Is.True, $"FuseHost.Run on {MountPoint} did not return");
        Assert.That(_crash, Is.Null, "FuseHost.Run threw");
        return _result!;
    }

    /// <summary>Stops serving through the cancellation token, as Ctrl+C does for the CLI.</summary>
    public FuseMountResult Stop()
    {
        _cancellation.Cancel();
        return WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _cancellation.Cancel();
            _finished.Wait(s_timeout);
        }
        finally
        {
            if (MountedDrive.IsInProcMounts(MountPoint))
                Shell.Run("fusermount3", "-u", "-z", MountPoint);
            try
            {
                Directory.Delete(MountPoint);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner; the mount itself is gone.
            }
            await Drive.DisposeAsync();
        }
    }
}
