namespace SmbDrive.Fuse;

/// <summary>Where libfuse's hidden names of unlinked-but-open files really live on the share.
///
/// With hard_remove off, libfuse turns unlink(2) of a file that still has an open descriptor into a rename to
/// <c>.fuse_hidden…</c> in the same folder, and unlinks that name after the last RELEASE. The kernel sends RELEASE
/// asynchronously, after close(2) has returned, so <c>dd of=dir/f; rm -r dir</c> can find the hidden name still in
/// <c>dir</c> and fail with "Directory not empty" — and always does when a program keeps a file open while its
/// folder is removed. So a hidden file is parked in the share's root folder instead: the folder it left is empty at
/// once, as on a local disk, and the name libfuse uses is translated here until libfuse unlinks it. When the folder
/// is gone libfuse has no path left for the file and never unlinks it: the last release deletes it instead.</summary>
internal sealed class HiddenFileParking
{
    /// <summary>The prefix libfuse gives hidden names (fuse.c, hidden_name).</summary>
    public const string HiddenPrefix = ".fuse_hidden";

    private readonly Lock _lock = new();
    // libfuse's hidden path → the path on the share.
    private readonly Dictionary<string, string> _parked = new(StringComparer.Ordinal);

    /// <summary>Where a rename to <paramref name="target"/> should go instead, or null to rename in place: only
    /// libfuse's hidden names outside the root folder are parked.</summary>
    public static string? ParkingPathOf(string target)
    {
        int slash = target.LastIndexOf('/');
        if (slash <= 0 || !target.AsSpan(slash + 1).StartsWith(HiddenPrefix, StringComparison.Ordinal))
            return null;
        return target[slash..];
    }

    /// <summary>Records that libfuse's <paramref name="hiddenPath"/> is <paramref name="parkedPath"/> on the share.</summary>
    public void Park(string hiddenPath, string parkedPath)
    {
        lock (_lock)
            _parked[hiddenPath] = parkedPath;
    }

    /// <summary>The path on the share for a path libfuse gave us.</summary>
    public string Resolve(string path)
    {
        lock (_lock)
            return _parked.Count != 0 && _parked.TryGetValue(path, out var parked) ? parked : path;
    }

    /// <summary>Forgets <paramref name="hiddenPath"/> once libfuse has unlinked it.</summary>
    public void Forget(string hiddenPath)
    {
        lock (_lock)
            _parked.Remove(hiddenPath);
    }

    /// <summary>Forgets the parked file at <paramref name="pathOnShare"/> (in any of the drive's path forms) and
    /// returns its path, or null when it is not a parked file.</summary>
    public string? ForgetParked(string pathOnShare)
    {
        string name = pathOnShare.Trim('/', '\\');
        lock (_lock)
        {
            foreach (var (hidden, parked) in _parked)
            {
                if (!string.Equals(parked.TrimStart('/'), name, StringComparison.OrdinalIgnoreCase)) continue;
                _parked.Remove(hidden);
                return parked;
            }
        }
        return null;
    }

    /// <summary>Forgets every parked file and returns their paths on the share (at unmount, to delete them).</summary>
    public IReadOnlyList<string> ForgetAll()
    {
        lock (_lock)
        {
            var all = _parked.Values.ToList();
            _parked.Clear();
            return all;
        }
    }
}
