using System.Runtime.Versioning;
using Microsoft.Win32;

namespace SmbDrive.Dokan.Native;

/// <summary>Reads what the Dokan installer leaves in the registry (dokan-api.md §7.2): the driver's service key and
/// the network provider's registration. Reading needs no administrator rights.</summary>
[SupportedOSPlatform("windows")]
internal static class DokanRegistry
{
    private const string ServiceKey = @"SYSTEM\CurrentControlSet\Services\" + DokanNative.NetworkProviderName;
    private const string ProviderOrderKey = @"SYSTEM\CurrentControlSet\Control\NetworkProvider\Order";

    public static DokanDriverService DriverService()
    {
        using var service = Registry.LocalMachine.OpenSubKey(ServiceKey);
        if (service is null)
        {
            return DokanDriverService.Missing;
        }
        return service.GetValue("DeleteFlag") is int flag && flag != 0 ? DokanDriverService.RemovalPending : DokanDriverService.Installed;
    }

    public static string? ProviderOrder()
    {
        using var order = Registry.LocalMachine.OpenSubKey(ProviderOrderKey);
        return order?.GetValue("ProviderOrder") as string;
    }

    public static bool NetworkProviderKeyExists()
    {
        using var provider = Registry.LocalMachine.OpenSubKey(ServiceKey + @"\NetworkProvider");
        return provider is not null;
    }
}
