using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace SmbDrive.Fuse;

/// <summary>UTF-8 at the libfuse boundary. Decoding and encoding are strict: a byte sequence that is not UTF-8
/// cannot name anything on an SMB share, and a server name that is not valid UTF-16 (a lone surrogate) cannot be
/// shown to Linux without changing it, so both are reported instead of being replaced by U+FFFD.</summary>
internal static unsafe class PathCodec
{
    /// <summary>Decodes a NUL-terminated path from the kernel; false when it is not valid UTF-8.</summary>
    public static bool TryDecode(byte* path, out string value)
    {
        value = "";
        if (path == null)
            return false;
        var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(path);
        return TryDecode(bytes, out value);
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string value)
    {
        value = "";
        if (bytes.IsEmpty)
            return true;
        // UTF-8 never needs more UTF-16 code units than it has bytes.
        char[]? rented = null;
        Span<char> chars = bytes.Length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out _, out int written, replaceInvalidSequences: false);
            if (status != System.Buffers.OperationStatus.Done)
                return false;
            value = new string(chars[..written]);
            return true;
        }
        finally
        {
            if (rented != null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Largest UTF-8 size of <paramref name="name"/> plus its NUL terminator.</summary>
    public static int MaxEncodedLength(string name) => checked(name.Length * 3 + 1);

    /// <summary>Writes <paramref name="name"/> as NUL-terminated UTF-8 into <paramref name="destination"/>. Returns the
    /// byte count without the NUL, or -1 when the name cannot be a Linux file name (not valid UTF-16, empty, ".", "..",
    /// or containing '/' or NUL).</summary>
    public static int TryEncodeName(string name, Span<byte> destination)
    {
        if (name.Length == 0 || name == "." || name == ".." || name.AsSpan().IndexOfAny('/', '\0') >= 0)
            return -1;
        var status = Utf8.FromUtf16(name, destination, out int read, out int written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done || read != name.Length || written >= destination.Length)
            return -1;
        destination[written] = 0;
        return written;
    }
}
