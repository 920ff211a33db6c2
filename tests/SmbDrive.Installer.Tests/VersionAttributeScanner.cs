using System.Text;

namespace SmbDrive.Installer.Tests;

/// <summary>Finds version strings stored as a custom attribute argument inside a binary, e.g. the
/// AssemblyInformationalVersion of the assemblies that a single-file smbdrive.exe bundles (uncompressed, as the
/// SDK bundles them by default). That attribute is what <c>smbdrive --version</c> prints, and a win-x64 exe cannot
/// be run here to ask it.</summary>
/// <remarks>Blob layout from ECMA-335 II.23.3 (custom attribute): prolog 0x0001 (little-endian), the string
/// argument as a SerString (II.23.2 compressed length, then UTF-8), then NumNamed (UInt16, 0 here).</remarks>
internal static class VersionAttributeScanner
{
    /// <summary>Every attribute string that is <paramref name="version"/> itself or <paramref name="version"/>
    /// followed by "+metadata" (the SDK appends "+commit" when it knows the source revision).</summary>
    public static IReadOnlyList<string> Find(ReadOnlySpan<byte> image, string version)
    {
        byte[] needle = Encoding.UTF8.GetBytes(version);
        var found = new List<string>();
        int from = 0;
        while (from < image.Length)
        {
            int hit = image[from..].IndexOf(needle);
            if (hit < 0)
                break;
            int start = from + hit;
            if (TryReadBlobString(image, start, out string value)
                && (value == version || value.StartsWith(version + "+", StringComparison.Ordinal)))
            {
                found.Add(value);
            }
            from = start + 1;
        }
        return found;
    }

    /// <summary>Reads the SerString whose UTF-8 bytes begin at <paramref name="start"/>, if the bytes before it are
    /// a prolog and a one- or two-byte compressed length and the two bytes after it are a zero NumNamed.</summary>
    private static bool TryReadBlobString(ReadOnlySpan<byte> image, int start, out string value)
    {
        // One-byte length: 0xxxxxxx.
        if (start >= 3 && image[start - 1] < 0x80
            && TryReadAt(image, start - 3L, start, image[start - 1], out value))
        {
            return true;
        }
        // Two-byte length: 10xxxxxx xxxxxxxx.
        if (start >= 4 && (image[start - 2] & 0xC0) == 0x80
            && TryReadAt(image, start - 4L, start, ((image[start - 2] & 0x3FL) << 8) | image[start - 1], out value))
        {
            return true;
        }
        value = "";
        return false;
    }

    private static bool TryReadAt(ReadOnlySpan<byte> image, long prolog, int start, long length, out string value)
    {
        value = "";
        long end = start + length;
        if (end + 2 > image.Length)
            return false;
        if (image[(int)prolog] != 0x01 || image[(int)prolog + 1] != 0x00 || image[(int)end] != 0 || image[(int)end + 1] != 0)
            return false;
        value = Encoding.UTF8.GetString(image.Slice(start, (int)length));
        return true;
    }
}
