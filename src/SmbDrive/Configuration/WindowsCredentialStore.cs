using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace SmbDrive.Configuration;

/// <summary>Generic credentials in the Windows Credential Manager through CredWriteW / CredReadW (advapi32),
/// stored per machine and user profile (CRED_PERSIST_LOCAL_MACHINE). Compiled everywhere, used on Windows only.</summary>
[SupportedOSPlatform("windows")]
internal sealed partial class WindowsCredentialStore : ICredentialStore
{
    private const int CredTypeGeneric = 1;
    private const int CredPersistLocalMachine = 2;
    private const int ErrorNotFound = 1168;

    public unsafe string? TryReadPassword(string target, string user)
    {
        if (!CredReadW(target, CredTypeGeneric, 0, out nint found))
        {
            int error = Marshal.GetLastPInvokeError();
            return error == ErrorNotFound ? null : throw new InvalidOperationException($"Credential Manager: reading {target} failed (error {error})");
        }
        try
        {
            var credential = (NativeCredential*)found;
            string? storedUser = Marshal.PtrToStringUni(credential->UserName);
            if (!string.Equals(storedUser, user, StringComparison.OrdinalIgnoreCase)) return null;
            return Encoding.Unicode.GetString((byte*)credential->CredentialBlob, (int)credential->CredentialBlobSize);
        }
        finally
        {
            CredFree(found);
        }
    }

    public unsafe void SavePassword(string target, string user, string password)
    {
        byte[] blob = Encoding.Unicode.GetBytes(password);
        fixed (char* targetName = target)
        fixed (char* userName = user)
        fixed (byte* blobBytes = blob)
        {
            var credential = new NativeCredential
            {
                Type = CredTypeGeneric,
                TargetName = (nint)targetName,
                CredentialBlobSize = (uint)blob.Length,
                CredentialBlob = (nint)blobBytes,
                Persist = CredPersistLocalMachine,
                UserName = (nint)userName,
            };
            bool ok = CredWriteW(&credential, 0);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(blob);
            if (!ok) throw new InvalidOperationException($"Credential Manager: saving {target} failed (error {Marshal.GetLastPInvokeError()})");
        }
    }

    [LibraryImport("advapi32.dll", EntryPoint = "CredReadW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CredReadW(string target, int type, int flags, out nint credential);

    [LibraryImport("advapi32.dll", EntryPoint = "CredWriteW", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static unsafe partial bool CredWriteW(NativeCredential* credential, int flags);

    [LibraryImport("advapi32.dll", EntryPoint = "CredFree")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    private static partial void CredFree(nint buffer);
}
