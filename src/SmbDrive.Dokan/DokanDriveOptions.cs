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

    /// <summary>How long a cancelled call gets to finish. A read keeps waiting beyond it: the drive is writing into
    /// the driver's buffer, which must not be handed back while that can still happen.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(5);

    internal TimeSpan ResetInterval => RequestTimeout / 3 > TimeSpan.FromMilliseconds(1) ? RequestTimeout / 3 : TimeSpan.FromMilliseconds(1);
}
