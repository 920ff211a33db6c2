namespace SmbDrive.Fuse;

/// <summary>How <see cref="FuseHost.Run"/> mounts a drive.</summary>
public sealed record FuseMountOptions
{
    /// <summary>Let users other than the mounting one use the mount (-o allow_other; for non-root users
    /// /etc/fuse.conf must contain user_allow_other).</summary>
    public bool AllowOther { get; init; }

    /// <summary>Owner reported for every file and directory; the mounting user's uid when null.</summary>
    public uint? Uid { get; init; }

    /// <summary>Group reported for every file and directory; the mounting user's gid when null.</summary>
    public uint? Gid { get; init; }

    /// <summary>Permission bits reported for every file (mount option file_mode); null: 0444 or 0644.</summary>
    public uint? FileMode { get; init; }

    /// <summary>Permission bits reported for every directory (mount option dir_mode); null: 0555 or 0755.</summary>
    public uint? DirectoryMode { get; init; }

    /// <summary>Mount read-only (-o ro): the kernel refuses writes itself and /proc/mounts says ro.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>libfuse's request trace on stderr (-o debug).</summary>
    public bool Debug { get; init; }

    /// <summary>Source shown in /proc/mounts and df, e.g. //host/share. Empty: derived from the drive's UNC name.</summary>
    public string FsName { get; init; } = "";

    /// <summary>Stop cleanly on SIGINT, SIGTERM and SIGHUP (Ctrl+C, kill, closed terminal). Turn off when the
    /// process runs several mounts or handles signals itself, then stop through the cancellation token.</summary>
    public bool HandleSignals { get; init; } = true;
}
