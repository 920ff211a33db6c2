namespace SmbDrive.Dokan;

/// <summary>What the registry says of the Dokan2 driver service (HKLM\SYSTEM\CurrentControlSet\Services\Dokan2).</summary>
public enum DokanDriverService
{
    /// <summary>No service key: the driver was never installed, or its removal is complete.</summary>
    Missing,

    /// <summary>The service exists; if the driver does not answer, it is stopped.</summary>
    Installed,

    /// <summary>The service is marked for deletion (DeleteFlag): an install or uninstall waits for a restart.</summary>
    RemovalPending,
}
