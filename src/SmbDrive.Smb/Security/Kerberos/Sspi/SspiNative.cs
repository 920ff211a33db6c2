using System.Runtime.InteropServices;

namespace SmbDrive.Smb.Security.Kerberos.Sspi;

/// <summary>CredHandle / CtxtHandle (sspi.h): two ULONG_PTRs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SecHandle
{
    public nuint Lower;
    public nuint Upper;

    public readonly bool IsSet => Lower != 0 || Upper != 0;
}

/// <summary>SecBuffer (sspi.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SecBuffer
{
    public uint Size;
    public uint Type;
    public IntPtr Data;
}

/// <summary>SecBufferDesc (sspi.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SecBufferDesc
{
    public uint Version;
    public uint Count;
    public SecBuffer* Buffers;
}

/// <summary>SecPkgContext_SessionKey (sspi.h), what QueryContextAttributes(SECPKG_ATTR_SESSION_KEY) fills.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SecPkgContextSessionKey
{
    public uint Length;
    public IntPtr Key;
}

/// <summary>SecPkgContext_Sizes (sspi.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SecPkgContextSizes
{
    public uint MaxToken;
    public uint MaxSignature;
    public uint BlockSize;
    public uint SecurityTrailer;
}

/// <summary>SEC_WINNT_AUTH_IDENTITY_W (rpcdce.h): an explicit user, domain (realm) and password.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SecWinntAuthIdentity
{
    public char* User;
    public uint UserLength;
    public char* Domain;
    public uint DomainLength;
    public char* Password;
    public uint PasswordLength;
    public uint Flags;
}

/// <summary>SecPkgCredentials_NamesW (sspi.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SecPkgCredentialsNames
{
    public char* UserName;
}

/// <summary>The SSPI calls SmbDrive needs (secur32.dll). Our own binding for the same reason as the GSSAPI one:
/// NegotiateAuthentication exposes no session key.</summary>
internal static unsafe partial class SspiNative
{
    private const string Library = "secur32.dll";

    public const int Ok = 0;
    public const int ContinueNeeded = 0x00090312;
    public const uint CredentialsOutbound = 2;
    public const uint NativeDataRepresentation = 0x10;
    public const uint BufferVersion = 0;
    public const uint BufferData = 1;
    public const uint BufferToken = 2;
    public const uint AttributeSizes = 0;
    public const uint AttributeSessionKey = 9;
    public const uint CredentialAttributeNames = 1;
    public const uint IdentityUnicode = 2;

    public const uint RequestMutualAuth = 0x2, RequestReplayDetect = 0x4, RequestSequenceDetect = 0x8,
        RequestConfidentiality = 0x10, RequestIntegrity = 0x10000;
    public const uint ReturnedMutualAuth = 0x2;

    [LibraryImport(Library, EntryPoint = "AcquireCredentialsHandleW", StringMarshalling = StringMarshalling.Utf16)]
    public static partial int AcquireCredentialsHandle(string? principal, string package, uint credentialUse, IntPtr logonId,
        SecWinntAuthIdentity* authData, IntPtr getKeyFunction, IntPtr getKeyArgument, SecHandle* credential, long* expiry);

    [LibraryImport(Library, EntryPoint = "InitializeSecurityContextW", StringMarshalling = StringMarshalling.Utf16)]
    public static partial int InitializeSecurityContext(SecHandle* credential, SecHandle* context, string targetName,
        uint contextRequest, uint reserved1, uint targetDataRepresentation, SecBufferDesc* input, uint reserved2,
        SecHandle* newContext, SecBufferDesc* output, uint* contextAttributes, long* expiry);

    [LibraryImport(Library, EntryPoint = "QueryContextAttributesW")]
    public static partial int QueryContextAttributes(SecHandle* context, uint attribute, void* buffer);

    [LibraryImport(Library, EntryPoint = "QueryCredentialsAttributesW")]
    public static partial int QueryCredentialsAttributes(SecHandle* credential, uint attribute, void* buffer);

    [LibraryImport(Library, EntryPoint = "MakeSignature")]
    public static partial int MakeSignature(SecHandle* context, uint qop, SecBufferDesc* message, uint sequenceNumber);

    [LibraryImport(Library, EntryPoint = "VerifySignature")]
    public static partial int VerifySignature(SecHandle* context, SecBufferDesc* message, uint sequenceNumber, uint* qop);

    [LibraryImport(Library, EntryPoint = "FreeContextBuffer")]
    public static partial int FreeContextBuffer(void* buffer);

    [LibraryImport(Library, EntryPoint = "DeleteSecurityContext")]
    public static partial int DeleteSecurityContext(SecHandle* context);

    [LibraryImport(Library, EntryPoint = "FreeCredentialsHandle")]
    public static partial int FreeCredentialsHandle(SecHandle* credential);
}
