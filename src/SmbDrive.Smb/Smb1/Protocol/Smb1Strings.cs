using System.Text;

namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>How strings travel on an SMB1 connection (MS-CIFS 2.2.1.1): UTF-16LE aligned to an even offset from
/// the header start when CAP_UNICODE was negotiated, else null-terminated OEM bytes. The OEM code page is CP850,
/// the "dos charset" Samba uses by default; a name it cannot hold is refused rather than silently mangled.</summary>
internal sealed class Smb1Strings
{
    public const int OemCodePage = 850;

    public static readonly Smb1Strings Unicode = new(Encoding.Unicode, isUnicode: true);

    // Taken straight from the provider: registering it with Encoding.RegisterProvider would change process-wide state.
    public static readonly Smb1Strings Oem = new(
        CodePagesEncodingProvider.Instance.GetEncoding(OemCodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback)
        ?? throw new InvalidOperationException($"code page {OemCodePage} is not available"),
        isUnicode: false);

    private readonly Encoding _encoding;

    private Smb1Strings(Encoding encoding, bool isUnicode)
    {
        _encoding = encoding;
        IsUnicode = isUnicode;
    }

    public bool IsUnicode { get; }

    private int TerminatorSize => IsUnicode ? 2 : 1;

    /// <summary>The string with its terminator, no padding; for blocks the caller aligns itself (TRANS2 parameters).</summary>
    public byte[] EncodeTerminated(string text)
    {
        byte[] body = Encode(text);
        var result = new byte[body.Length + TerminatorSize];
        body.CopyTo(result, 0);
        return result;
    }

    /// <summary>Bytes <see cref="Write"/> needs at <paramref name="offsetFromHeader"/>: pad, string, terminator.</summary>
    public int SizeAt(int offsetFromHeader, string text) => Pad(offsetFromHeader) + Encode(text).Length + TerminatorSize;

    /// <summary>Writes pad byte (Unicode at an odd offset), string and terminator at <paramref name="offsetFromHeader"/>
    /// of <paramref name="message"/>; returns the offset after them.</summary>
    public int Write(Span<byte> message, int offsetFromHeader, string text)
    {
        int pos = offsetFromHeader;
        int pad = Pad(pos);
        message.Slice(pos, pad).Clear();
        pos += pad;
        byte[] body = Encode(text);
        body.CopyTo(message[pos..]);
        pos += body.Length;
        message.Slice(pos, TerminatorSize).Clear();
        return pos + TerminatorSize;
    }

    /// <summary>Decodes a counted name; trailing terminators that some servers count in the length are dropped.</summary>
    public string Decode(ReadOnlySpan<byte> bytes)
    {
        if (IsUnicode && (bytes.Length & 1) != 0) bytes = bytes[..^1];
        return _encoding.GetString(bytes).TrimEnd('\0');
    }

    public int Pad(int offsetFromHeader) => IsUnicode ? offsetFromHeader & 1 : 0;

    private byte[] Encode(string text)
    {
        try
        {
            return _encoding.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            throw new SmbException($"'{text}' cannot be written in the server's character set (OEM code page {OemCodePage}); the server does not support Unicode names");
        }
    }

    /// <summary>An SMB1 path relative to the share, as the server wants it: backslashes and one leading backslash.</summary>
    public static string SharePath(string path)
    {
        string p = path.Replace('/', '\\').Trim('\\');
        return "\\" + p;
    }
}
