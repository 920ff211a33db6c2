using System.Runtime.InteropServices;

namespace SmbDrive.Commands;

/// <summary>Tells a download target that is a device, a pipe or a socket (<c>/dev/null</c>, a FIFO, <c>NUL</c>)
/// from a regular file. Such a target must be written in place: the usual "write LOCALFILE.part, then rename it"
/// would create a regular file next to the device and, run as root, rename it over <c>/dev/null</c>.</summary>
/// <remarks>.NET reports every non-directory as a plain file, so Linux asks statx, whose layout is the same on
/// every architecture.</remarks>
internal static partial class LocalDestination
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxSize = 256;
    private const ushort TypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;
    private const ushort Directory = 0x4000;

    private static readonly string[] WindowsDevices = ["NUL", "CON", "PRN", "AUX", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3"];

    /// <summary>True when <paramref name="path"/> exists and is neither a regular file nor a folder (symbolic
    /// links followed, so <c>/dev/stdout</c> counts by what it points to).</summary>
    public static bool IsSpecial(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            string name = Path.GetFileNameWithoutExtension(path);
            return path.StartsWith(@"\\.\", StringComparison.Ordinal)
                || WindowsDevices.Contains(name, StringComparer.OrdinalIgnoreCase);
        }
        if (OperatingSystem.IsLinux())
        {
            ushort? mode = StatxMode(path);
            return mode is { } m && (m & TypeMask) is not (RegularFile or Directory);
        }
        return path.StartsWith("/dev/", StringComparison.Ordinal);
    }

    private static unsafe ushort? StatxMode(string path)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null; // missing or unreadable: not special
        return *(ushort*)(buffer + StatxModeOffset);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
