using System.Runtime.Versioning;
using Microsoft.Win32;

namespace SmbDrive.Mappings;

/// <summary>HKCU\Software\Microsoft\Windows\CurrentVersion\Run, value "SmbDrive": Windows starts it at every
/// sign-in of this user, with the user's rights and Credential Manager, with no administrator rights needed to set
/// it up (a scheduled task would need the Task Scheduler COM API for the same result).</summary>
[SupportedOSPlatform("windows")]
internal sealed class RunKeyRegistration : IStartupRegistration
{
    public const string KeyPath = @"Software\Microsoft\Windows\CurrentVersion\Run";
    public const string ValueName = "SmbDrive";

    public void Register(string commandLine)
    {
        using var key = Registry.CurrentUser.CreateSubKey(KeyPath, writable: true);
        key.SetValue(ValueName, commandLine, RegistryValueKind.String);
    }

    public void Unregister()
    {
        using var key = Registry.CurrentUser.OpenSubKey(KeyPath, writable: true);
        key?.DeleteValue(ValueName, throwOnMissingValue: false);
    }

    public string? Registered
    {
        get
        {
            using var key = Registry.CurrentUser.OpenSubKey(KeyPath, writable: false);
            return key?.GetValue(ValueName) as string;
        }
    }
}
