using System.Globalization;
using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary>The <c>ls</c> line format: type (<c>d</c> or <c>-</c>), size right-aligned to the widest size of
/// the listing, modification time as ISO 8601 UTC to the second, name. Entries sorted by ordinal name.</summary>
internal static class ListingFormatter
{
    public static IEnumerable<string> Format(IEnumerable<SmbFileInfo> entries)
    {
        var sorted = entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        int width = sorted.Count == 0 ? 1 : sorted.Max(e => SizeText(e).Length);
        return sorted.Select(e => FormatLine(e, width));
    }

    public static string FormatLine(SmbFileInfo entry, int sizeWidth) =>
        $"{(entry.IsDirectory ? 'd' : '-')} {SizeText(entry).PadLeft(sizeWidth)} {FormatTime(entry.LastWriteTimeUtc)} {entry.Name}";

    public static string FormatTime(DateTime time)
    {
        // Times from the client are UTC; a value of unspecified kind is taken as UTC rather than shifted.
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static string SizeText(SmbFileInfo entry) => entry.Size.ToString(CultureInfo.InvariantCulture);
}
