using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>FILETIME (minwinbase.h): two 32-bit halves, 4-byte aligned. Modelling it as one ulong would add
/// padding inside BY_HANDLE_FILE_INFORMATION and WIN32_FIND_DATAW (dokan-api.md §4.3).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeFileTime
{
    public uint Low;
    public uint High;

    public static NativeFileTime FromTicks(long fileTime) => new()
    {
        Low = unchecked((uint)fileTime),
        High = unchecked((uint)((ulong)fileTime >> 32)),
    };

    public readonly long ToTicks() => unchecked((long)(((ulong)High << 32) | Low));

    /// <summary>0 (never) for unset or pre-1601 times, which FILETIME cannot express.</summary>
    public static NativeFileTime FromDateTime(DateTime? time)
    {
        if (time is not { } t || t == DateTime.MinValue)
        {
            return default;
        }
        var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
        return utc.Ticks < FileTimeEpochTicks ? default : FromTicks(utc.Ticks - FileTimeEpochTicks);
    }

    /// <summary>Null for 0 (the caller did not set the time).</summary>
    public readonly DateTime? ToDateTime()
    {
        long ticks = ToTicks();
        if (ticks <= 0 || ticks > DateTime.MaxValue.Ticks - FileTimeEpochTicks)
        {
            return null;
        }
        return new DateTime(ticks + FileTimeEpochTicks, DateTimeKind.Utc);
    }

    private static readonly long FileTimeEpochTicks = new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
}
