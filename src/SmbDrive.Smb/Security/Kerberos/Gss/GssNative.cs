using System.Runtime.InteropServices;

namespace SmbDrive.Smb.Security.Kerberos.Gss;

/// <summary>gss_buffer_desc (RFC 2744 section 3.2): a length and a pointer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GssBuffer
{
    public nuint Length;
    public IntPtr Value;
}

/// <summary>gss_OID_desc: the DER contents of an OBJECT IDENTIFIER (no tag, no length).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GssOid
{
    public uint Length;
    public IntPtr Elements;
}

/// <summary>gss_OID_set_desc.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GssOidSet
{
    public nuint Count;
    public IntPtr Elements;
}

/// <summary>gss_buffer_set_desc (MIT gssapi_ext.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GssBufferSet
{
    public nuint Count;
    public IntPtr Elements;
}

/// <summary>The few GSS-API calls SmbDrive needs, from MIT's libgssapi_krb5.so.2 (the library .NET's own
/// NegotiateAuthentication loads on Linux). Our own binding, because the runtime exposes no session key
/// (dotnet/runtime#111099) and reaching into its private fields breaks between versions and under trimming.</summary>
internal static unsafe partial class GssNative
{
    private const string Library = "libgssapi_krb5.so.2";

    public const uint Complete = 0;
    public const uint ContinueNeeded = 1;
    public const uint Indefinite = 0xFFFFFFFF;

    /// <summary>The routine-error field of a major status (RFC 2744 section 3.9.1).</summary>
    public const uint RoutineErrorMask = 0x00FF0000;
    public const uint NoCred = 7u << 16;
    public const uint DefectiveToken = 9u << 16;
    public const uint CredentialsExpired = 11u << 16;
    public const uint Failure = 13u << 16;

    public const int Initiate = 1;
    public const int GssCode = 1;
    public const int MechCode = 2;

    public const uint MutualFlag = 2, ReplayFlag = 4, SequenceFlag = 8, ConfFlag = 16, IntegFlag = 32;

    [LibraryImport(Library, EntryPoint = "gss_import_name")]
    public static partial uint ImportName(uint* minor, GssBuffer* name, GssOid* nameType, IntPtr* outputName);

    [LibraryImport(Library, EntryPoint = "gss_release_name")]
    public static partial uint ReleaseName(uint* minor, IntPtr* name);

    [LibraryImport(Library, EntryPoint = "gss_display_name")]
    public static partial uint DisplayName(uint* minor, IntPtr name, GssBuffer* output, GssOid** outputType);

    [LibraryImport(Library, EntryPoint = "gss_acquire_cred")]
    public static partial uint AcquireCred(uint* minor, IntPtr desiredName, uint timeReq, GssOidSet* mechs, int usage,
        IntPtr* cred, GssOidSet** actualMechs, uint* timeRec);

    [LibraryImport(Library, EntryPoint = "gss_acquire_cred_with_password")]
    public static partial uint AcquireCredWithPassword(uint* minor, IntPtr desiredName, GssBuffer* password, uint timeReq,
        GssOidSet* mechs, int usage, IntPtr* cred, GssOidSet** actualMechs, uint* timeRec);

    [LibraryImport(Library, EntryPoint = "gss_inquire_cred")]
    public static partial uint InquireCred(uint* minor, IntPtr cred, IntPtr* name, uint* lifetime, int* usage, GssOidSet** mechs);

    [LibraryImport(Library, EntryPoint = "gss_release_cred")]
    public static partial uint ReleaseCred(uint* minor, IntPtr* cred);

    [LibraryImport(Library, EntryPoint = "gss_init_sec_context")]
    public static partial uint InitSecContext(uint* minor, IntPtr cred, IntPtr* context, IntPtr target, GssOid* mech,
        uint reqFlags, uint timeReq, IntPtr channelBindings, GssBuffer* input, GssOid** actualMech, GssBuffer* output,
        uint* retFlags, uint* timeRec);

    [LibraryImport(Library, EntryPoint = "gss_delete_sec_context")]
    public static partial uint DeleteSecContext(uint* minor, IntPtr* context, GssBuffer* output);

    [LibraryImport(Library, EntryPoint = "gss_release_buffer")]
    public static partial uint ReleaseBuffer(uint* minor, GssBuffer* buffer);

    [LibraryImport(Library, EntryPoint = "gss_inquire_sec_context_by_oid")]
    public static partial uint InquireSecContextByOid(uint* minor, IntPtr context, GssOid* oid, GssBufferSet** data);

    [LibraryImport(Library, EntryPoint = "gss_release_buffer_set")]
    public static partial uint ReleaseBufferSet(uint* minor, GssBufferSet** data);

    [LibraryImport(Library, EntryPoint = "gss_get_mic")]
    public static partial uint GetMic(uint* minor, IntPtr context, uint qop, GssBuffer* message, GssBuffer* token);

    [LibraryImport(Library, EntryPoint = "gss_verify_mic")]
    public static partial uint VerifyMic(uint* minor, IntPtr context, GssBuffer* message, GssBuffer* token, uint* qop);

    [LibraryImport(Library, EntryPoint = "gss_display_status")]
    public static partial uint DisplayStatus(uint* minor, uint status, int statusType, GssOid* mech, uint* messageContext, GssBuffer* text);
}
