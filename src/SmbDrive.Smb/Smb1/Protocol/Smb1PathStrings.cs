namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>The names of the core path commands (CREATE_DIRECTORY, DELETE_DIRECTORY, DELETE, RENAME, NT_RENAME):
/// each is a BufferFormat byte 0x04 followed by an SMB_STRING (MS-CIFS 2.2.1.1, 2.2.4.1.1). A Unicode name after
/// its format byte is aligned to an even offset from the header start, which is where servers look for it
/// (Samba pulls these strings aligned to the message base).</summary>
internal static class Smb1PathStrings
{
    public const byte StringFormat = 0x04;

    /// <summary>Bytes the names take from <paramref name="offsetFromHeader"/> on.</summary>
    public static int Size(Smb1Strings strings, int offsetFromHeader, params ReadOnlySpan<string> names)
    {
        int pos = offsetFromHeader;
        foreach (string name in names)
        {
            pos++;
            pos += strings.SizeAt(pos, name);
        }
        return pos - offsetFromHeader;
    }

    public static void Write(Span<byte> message, Smb1Strings strings, int offsetFromHeader, params ReadOnlySpan<string> names)
    {
        int pos = offsetFromHeader;
        foreach (string name in names)
        {
            message[pos++] = StringFormat;
            pos = strings.Write(message, pos, name);
        }
    }
}
