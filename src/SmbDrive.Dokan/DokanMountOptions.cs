namespace SmbDrive.Dokan;

/// <summary>How <see cref="DokanHost.Run"/> mounts a drive.</summary>
public sealed record DokanMountOptions
{
    /// <summary>A drive letter ("M", "M:" or "M:\") or an existing empty folder on an NTFS volume.</summary>
    public required string MountPoint { get; init; }

    /// <summary>Mount as a local fixed disk instead of a network drive (<c>--fixed-drive</c>).</summary>
    public bool FixedDrive { get; init; }

    /// <summary>Dokan's per-request timeout; the driver keeps it within 15 s … 300 s.</summary>
    public int TimeoutMs { get; init; } = 30_000;

    /// <summary>Mark the volume write-protected. It is also set whenever the drive is read-only.</summary>
    public bool WriteProtect { get; init; }

    /// <summary>Register with the Windows mount manager where that combines: not for network drives (Dokan's
    /// samples refuse the pair).</summary>
    public bool MountManager { get; init; } = true;
}
