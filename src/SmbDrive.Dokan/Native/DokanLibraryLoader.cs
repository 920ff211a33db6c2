using System.Reflection;
using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>Loads dokan2.dll by its full path in System32, where the Dokan installer puts it beside its driver.
/// The default search (and DllImportSearchPath.System32, which the runtime does not enforce when the
/// application folder holds a copy) would take a dokan2.dll planted next to smbdrive.exe: someone else's code in
/// our process, or a library that does not match the installed driver.</summary>
internal static class DokanLibraryLoader
{
    public const string FileName = "dokan2.dll";

    /// <summary>Installs the resolver for this assembly's imports; the runtime allows one per assembly, and
    /// <see cref="DokanNative"/>'s static constructor is its only caller.</summary>
    public static void Register(Assembly assembly) => NativeLibrary.SetDllImportResolver(assembly, Resolve);

    /// <summary>Where dokan2.dll must be: the full path in <paramref name="systemDirectory"/> ("C:\Windows\System32"), or
    /// null when that is not a full Windows path (not on Windows, where Environment.SystemDirectory is empty).</summary>
    public static string? PathIn(string? systemDirectory)
    {
        var s = (systemDirectory ?? "").AsSpan().TrimEnd('\\');
        bool fullyQualified = (s.Length >= 2 && char.IsAsciiLetter(s[0]) && s[1] == ':' && (s.Length == 2 || s[2] == '\\'))
            || s.StartsWith(@"\\");
        return fullyQualified ? $"{s}\\{FileName}" : null;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, FileName, StringComparison.OrdinalIgnoreCase))
        {
            return 0; // kernel32 and friends: the runtime's default search
        }
        // Never return 0 for dokan2.dll: the runtime would then fall back to its own search, application folder first.
        string path = PathIn(Environment.SystemDirectory)
            ?? throw new DllNotFoundException($"{FileName} is loaded from the Windows system folder only, and there is none here");
        return NativeLibrary.Load(path);
    }
}
