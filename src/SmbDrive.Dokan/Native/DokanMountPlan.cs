namespace SmbDrive.Dokan.Native;

/// <summary>The DOKAN_OPTIONS values for one mount, worked out from <see cref="DokanMountOptions"/> before anything
/// native happens (dokan-api.md §2.1, §2.2, §6.3 items 4–5).</summary>
internal sealed record DokanMountPlan
{
    public const int MinTimeoutMs = 15_000;   // the driver's clamp
    public const int MaxTimeoutMs = 300_000;
    public const uint AllocationUnitSize = 4096;
    public const uint SectorSize = 512;
    private const int MaxUncNameLength = 63;   // copied into WCHAR[64]
    private const int MaxMountPointLength = 259; // copied into WCHAR[260]

    public required string MountPoint { get; init; }
    public required bool IsDriveLetter { get; init; }
    public required string? UncName { get; init; }
    public required DokanOptionFlags Flags { get; init; }
    public required uint TimeoutMs { get; init; }
    public required uint VolumeSerialNumber { get; init; }

    /// <summary>Throws <see cref="DokanStartupException"/> with a plain message when the options cannot work.</summary>
    public static DokanMountPlan Create(DokanMountOptions options, string driveUncName, bool driveIsReadOnly)
    {
        ArgumentNullException.ThrowIfNull(options);
        string mountPoint = (options.MountPoint ?? "").Trim();
        if (mountPoint.Length == 0)
        {
            throw new DokanStartupException("No mount point given: name a drive letter such as M: or an empty NTFS folder.");
        }
        if (mountPoint.Length > MaxMountPointLength)
        {
            throw new DokanStartupException($"The mount point is longer than {MaxMountPointLength} characters.");
        }
        bool isLetter = TryGetDriveLetter(mountPoint, out char letter);
        if (isLetter)
        {
            mountPoint = $"{letter}:\\";
        }

        bool network = !options.FixedDrive && isLetter; // Dokan drops NETWORK for folder mounts anyway
        string? unc = null;
        if (network)
        {
            unc = PrivateUncName(driveUncName, letter);
            if (unc.Length <= 1)
            {
                throw new DokanStartupException("A network drive needs the share's name (\\server\\share); use --fixed-drive to mount without one.");
            }
            if (unc.Length > MaxUncNameLength)
            {
                throw new DokanStartupException(
                    $"The share name {unc} is longer than the {MaxUncNameLength} characters Dokan allows for a network drive; use --fixed-drive.");
            }
        }

        // LockFile/UnlockFile come to user mode, which passes them to the server. Without it the driver grants locks
        // itself, per mount, and no other client ever sees them (dokany issue 1133). Locking writes nothing, so a
        // write-protected drive passes them on too.
        var flags = DokanOptionFlags.FileLockUserMode;
        if (network)
        {
            // Explorer's "Disconnect" should work on a drive that looks like a mapped share.
            flags |= DokanOptionFlags.NetworkDrive | DokanOptionFlags.EnableUnmountNetworkDrive;
        }
        else if (options.MountManager)
        {
            flags |= DokanOptionFlags.MountManager;
        }
        if (options.WriteProtect || driveIsReadOnly)
        {
            flags |= DokanOptionFlags.WriteProtect;
        }

        return new DokanMountPlan
        {
            MountPoint = mountPoint,
            IsDriveLetter = isLetter,
            UncName = unc,
            Flags = flags,
            TimeoutMs = (uint)Math.Clamp(options.TimeoutMs, MinTimeoutMs, MaxTimeoutMs),
            VolumeSerialNumber = SerialFor(driveUncName), // the share's, whatever the letter
        };
    }

    /// <summary>"M", "M:" or "M:\" (any case) → 'M'.</summary>
    public static bool TryGetDriveLetter(string mountPoint, out char letter)
    {
        letter = '\0';
        var s = mountPoint.AsSpan();
        if (s.Length is < 1 or > 3 || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }
        if ((s.Length >= 2 && s[1] != ':') || (s.Length == 3 && s[2] != '\\'))
        {
            return false;
        }
        letter = char.ToUpperInvariant(s[0]);
        return true;
    }

    /// <summary>The network name of the drive, "\HOST.M.smbdrive.invalid\share" for \\HOST\share on M:. Windows'
    /// multiple UNC provider gives the Dokan driver every path under this name, so it must never be a real
    /// server's: with the share's own \\HOST\share, Windows' SMB client and this drive would both claim the share's
    /// UNC paths (shortcuts, recent files), and one of them would get requests meant for the other, with the other's
    /// credentials. ".invalid" is reserved (RFC 6761) and never resolves; the drive letter keeps two drives of one
    /// share apart. The host part is shortened to fit Dokan's 63 characters.</summary>
    public static string PrivateUncName(string? driveUncName, char driveLetter)
    {
        string unc = NormalizeUncName(driveUncName)[1..];
        int slash = unc.IndexOf('\\');
        string host = slash < 0 ? unc : unc[..slash];
        string share = slash < 0 ? "" : unc[(slash + 1)..];
        if (share.Length == 0)
        {
            return "\\";
        }
        var label = new System.Text.StringBuilder(host.Length);
        foreach (char c in host)
        {
            // One DNS label: letters, digits and '-' (dots, colons of IPv6 and '@' of a port become '-').
            label.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }
        string hostLabel = label.ToString().Trim('-');
        string suffix = $".{char.ToLowerInvariant(driveLetter)}.smbdrive.invalid";
        int room = MaxUncNameLength - 2 - suffix.Length - share.Length;
        if (hostLabel.Length > room)
        {
            hostLabel = hostLabel[..Math.Max(room, 1)].TrimEnd('-');
        }
        if (hostLabel.Length == 0)
        {
            hostLabel = "share";
        }
        return $"\\{hostLabel}{suffix}\\{share}";
    }

    /// <summary>Dokan wants one leading backslash: "\server\share".</summary>
    public static string NormalizeUncName(string? unc)
    {
        string s = (unc ?? "").Trim().Replace('/', '\\').TrimEnd('\\');
        return "\\" + s.TrimStart('\\');
    }

    /// <summary>A stable serial per share, so Windows sees the same volume across mounts.</summary>
    public static uint SerialFor(string? name)
    {
        uint hash = 2166136261;
        foreach (char c in (name ?? "").ToUpperInvariant())
        {
            hash = (hash ^ c) * 16777619;
        }
        return hash == 0 ? 1 : hash;
    }
}
