using System.Text;
using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

/// <summary>Owner reported for every file: SMB has no POSIX owners, so the whole share belongs to one uid/gid
/// (the mounting user unless --uid/--gid say otherwise). <paramref name="FileMode"/> and
/// <paramref name="DirectoryMode"/>, when set (--file-mode, --dir-mode), replace the permission bits.</summary>
internal readonly record struct StatOwner(uint Uid, uint Gid, uint? FileMode = null, uint? DirectoryMode = null);

/// <summary>Turns drive metadata into the <c>struct stat</c> getattr and readdirplus report.</summary>
internal static class StatFiller
{
    /// <summary>Permission bits (binary literals spell the octal triplets: 0555, 0444, 0755, 0644).</summary>
    public const uint ReadOnlyDirectoryMode = 0b101_101_101, ReadOnlyFileMode = 0b100_100_100,
        WritableDirectoryMode = 0b111_101_101, WritableFileMode = 0b110_100_100;

    /// <summary>st_blksize: programs such as cp size their buffers from it, and the kernel turns it into the
    /// block size it reports; 1 MiB matches the largest read we accept.</summary>
    public const long PreferredIoSize = FuseFileSystem.MaxReadBytes;

    /// <summary>st_blocks counts 512-byte units whatever the file system's block size (stat(2)).</summary>
    private const long StatBlockSize = 512;

    private const ulong SyntheticInodeBit = 1UL << 63;

    private static readonly DateTime s_fileTimeZero = new(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static void Fill(ref Stat stat, VfsFileInfo info, string path, StatOwner owner, bool readOnly)
    {
        stat = default;
        stat.Ino = InodeOf(info, path);
        if (info.IsDirectory)
        {
            stat.Mode = LibC.S_IFDIR | (owner.DirectoryMode ?? (readOnly ? ReadOnlyDirectoryMode : WritableDirectoryMode));
            // 1 tells find/fts that the subdirectory count is unknown, so they do not skip entries (leaf optimization).
            stat.Nlink = 1;
        }
        else
        {
            bool fileReadOnly = readOnly || (info.Attributes & FileAttributes.ReadOnly) != 0;
            stat.Mode = LibC.S_IFREG | (owner.FileMode ?? (fileReadOnly ? ReadOnlyFileMode : WritableFileMode));
            stat.Nlink = 1;
        }
        stat.Uid = owner.Uid;
        stat.Gid = owner.Gid;
        stat.Size = Math.Max(0, info.Size);
        long allocated = info.AllocationSize > 0 ? info.AllocationSize : stat.Size;
        stat.Blocks = (long)(((ulong)allocated + StatBlockSize - 1) / StatBlockSize);
        stat.Blksize = PreferredIoSize;
        stat.Atim = ToTimespec(info.LastAccessTimeUtc);
        stat.Mtim = ToTimespec(info.LastWriteTimeUtc);
        stat.Ctim = ToTimespec(info.ChangeTimeUtc);
    }

    /// <summary>Minimal entry for "..": the kernel takes only the type, but glibc's readdir drops any entry whose
    /// d_ino is 0, so "ls -a" would lose ".." without a non-zero inode here.</summary>
    public static void FillParentDirectory(ref Stat stat)
    {
        stat = default;
        stat.Mode = LibC.S_IFDIR | ReadOnlyDirectoryMode;
        stat.Nlink = 1;
        stat.Ino = 1;
    }

    /// <summary>The server's file id; when the server reports none (0), a stable hash of the path so that
    /// find and du, which recognise files and loops by (st_dev, st_ino), never see two files with inode 0.</summary>
    public static ulong InodeOf(VfsFileInfo info, string path) =>
        info.FileId != 0 ? info.FileId : SyntheticInode(path);

    /// <summary>FNV-1a over the upper-cased path with '/' separators: SMB names are case-insensitive, so two
    /// spellings of one file get one inode. The top bit keeps synthetic ids apart from small server ids.</summary>
    public static ulong SyntheticInode(string path)
    {
        string normalized = path.Replace('\\', '/').Trim('/').ToUpperInvariant();
        return Fnv1a64(Encoding.UTF8.GetBytes(normalized)) | SyntheticInodeBit;
    }

    /// <summary>64-bit FNV-1a (Fowler, Noll, Vo): tiny, and good enough to tell paths apart.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        const ulong offsetBasis = 14695981039346656037, prime = 1099511628211;
        ulong hash = offsetBasis;
        foreach (byte b in data)
        {
            hash ^= b;
            hash *= prime;
        }
        return hash;
    }

    /// <summary>UTC time as seconds and nanoseconds since 1970 (negative before). Times at or before the FILETIME
    /// epoch (1601), which servers report for "unknown", become 1970-01-01.</summary>
    public static Timespec ToTimespec(DateTime time)
    {
        if (time.Kind == DateTimeKind.Local)
            time = time.ToUniversalTime();
        if (time.Ticks <= s_fileTimeZero.Ticks)
            return default;
        long ticks = time.Ticks - DateTime.UnixEpoch.Ticks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return new Timespec { Sec = seconds, Nsec = remainder * 100 };
    }
}
