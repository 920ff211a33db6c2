namespace SmbDrive.Smb.Security.Kerberos.Sspi;

/// <summary>Reads what QueryContextAttributes(SECPKG_ATTR_SESSION_KEY) returned. Kept apart from the Windows-only
/// context so that the copy is unit-tested on every platform.</summary>
internal static unsafe class SspiSessionKey
{
    /// <summary>The key bytes the structure points at; the caller still frees that buffer (FreeContextBuffer).</summary>
    public static byte[] Copy(in SecPkgContextSessionKey key)
    {
        if (key.Key == IntPtr.Zero || key.Length == 0) return [];
        if (key.Length > 1024) throw new SmbProtocolException($"SSPI returned a session key of {key.Length} bytes");
        return new ReadOnlySpan<byte>((void*)key.Key, (int)key.Length).ToArray();
    }
}
