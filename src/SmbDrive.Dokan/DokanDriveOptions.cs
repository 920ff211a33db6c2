namespace SmbDrive.Dokan;

/// <summary>Time limits of <see cref="DokanDrive"/>.</summary>
public sealed record DokanDriveOptions
{
    /// <summary>The Dokan request timeout (DOKAN_OPTIONS.Timeout): the driver fails a request that takes longer
    /// with STATUS_INSUFFICIENT_RESOURCES, unless DokanResetTimeout extends it.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest one drive call may take, a reconnect included, before it is cancelled and answered with
    /// STATUS_IO_TIMEOUT. While it runs past a third of <see cref="RequestTimeout"/>, the driver's timer is reset.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a cancelled call gets to finish before its callback stops waiting for it.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The same while unmounting, when a callback still waiting keeps DokanCloseHandle (and so Ctrl+C or
    /// Explorer's Disconnect) waiting: unmounting takes at most about this long, whatever the server does.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a volume query (GetVolumeInformation, GetDiskFreeSpace) waits for the server before it
    /// answers the last-known values: Explorer asks for every drive and hangs while one does not answer.</summary>
    public TimeSpan VolumeQueryWait { get; init; } = TimeSpan.FromSeconds(1);

    internal TimeSpan ResetInterval => RequestTimeout / 3 > TimeSpan.FromMilliseconds(1) ? RequestTimeout / 3 : TimeSpan.FromMilliseconds(1);
}
