namespace SmbDrive.Fuse;

/// <summary>Why <see cref="FuseHost.Run"/> returned.</summary>
public enum FuseStopReason
{
    /// <summary>Nothing was mounted: the mount point, libfuse or the platform was unusable, or cancellation came first.</summary>
    NotMounted,
    /// <summary>The file system was unmounted from outside (smbdrive unmount, fusermount3 -u, umount).</summary>
    Unmounted,
    /// <summary>SIGINT, SIGTERM or SIGHUP.</summary>
    Signal,
    /// <summary>The caller's cancellation token.</summary>
    Cancelled,
    /// <summary>libfuse's loop ended with an error.</summary>
    LoopFailed,
}
