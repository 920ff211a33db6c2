using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace SmbDrive.Smb.Security.Kerberos.Gss;

/// <summary>The principal the default ticket cache (KRB5CCNAME) belongs to, and the default realm, read with MIT
/// libkrb5: GSSAPI names neither the owner of an expired credential nor the realm of a missing one, yet the error
/// messages should.</summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class Krb5CachePrincipal
{
    private const string Library = "libkrb5.so.3";

    /// <summary>The cache's principal, or null when there is no cache or no library.</summary>
    public static string? TryRead()
    {
        try
        {
            IntPtr context = IntPtr.Zero, cache = IntPtr.Zero, principal = IntPtr.Zero;
            if (InitContext(&context) != 0) return null;
            try
            {
                if (CcDefault(context, &cache) != 0) return null;
                if (CcGetPrincipal(context, cache, &principal) != 0) return null;
                byte* text = null;
                if (UnparseName(context, principal, &text) != 0) return null;
                string? name = Marshal.PtrToStringUTF8((IntPtr)text);
                FreeUnparsedName(context, text);
                return name;
            }
            finally
            {
                if (principal != IntPtr.Zero) FreePrincipal(context, principal);
                if (cache != IntPtr.Zero) CcClose(context, cache);
                FreeContext(context);
            }
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>krb5.conf's default_realm, or null when there is none or no library.</summary>
    public static string? TryDefaultRealm()
    {
        try
        {
            IntPtr context = IntPtr.Zero;
            if (InitContext(&context) != 0) return null;
            try
            {
                byte* realm = null;
                if (GetDefaultRealm(context, &realm) != 0) return null;
                string? name = Marshal.PtrToStringUTF8((IntPtr)realm);
                FreeDefaultRealm(context, realm);
                return name;
            }
            finally
            {
                FreeContext(context);
            }
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport(Library, EntryPoint = "krb5_get_default_realm")]
    private static partial int GetDefaultRealm(IntPtr context, byte** realm);

    [LibraryImport(Library, EntryPoint = "krb5_free_default_realm")]
    private static partial void FreeDefaultRealm(IntPtr context, byte* realm);

    [LibraryImport(Library, EntryPoint = "krb5_init_context")]
    private static partial int InitContext(IntPtr* context);

    [LibraryImport(Library, EntryPoint = "krb5_free_context")]
    private static partial void FreeContext(IntPtr context);

    [LibraryImport(Library, EntryPoint = "krb5_cc_default")]
    private static partial int CcDefault(IntPtr context, IntPtr* cache);

    [LibraryImport(Library, EntryPoint = "krb5_cc_get_principal")]
    private static partial int CcGetPrincipal(IntPtr context, IntPtr cache, IntPtr* principal);

    [LibraryImport(Library, EntryPoint = "krb5_cc_close")]
    private static partial int CcClose(IntPtr context, IntPtr cache);

    [LibraryImport(Library, EntryPoint = "krb5_unparse_name")]
    private static partial int UnparseName(IntPtr context, IntPtr principal, byte** name);

    [LibraryImport(Library, EntryPoint = "krb5_free_unparsed_name")]
    private static partial void FreeUnparsedName(IntPtr context, byte* name);

    [LibraryImport(Library, EntryPoint = "krb5_free_principal")]
    private static partial void FreePrincipal(IntPtr context, IntPtr principal);
}
