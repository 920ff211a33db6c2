namespace SmbDrive.Fuse;

/// <summary>Outcome of <see cref="FuseHost.Run"/>. <see cref="ErrorMessage"/> is a sentence for the user when
/// <see cref="Succeeded"/> is false.</summary>
public sealed record FuseMountResult(bool Succeeded, FuseStopReason StopReason, string? ErrorMessage)
{
    /// <summary>Process exit code for the CLI: 0 after a clean stop, 1 otherwise.</summary>
    public int ExitCode => Succeeded ? 0 : 1;

    internal static FuseMountResult NotMounted(string message) => new(false, FuseStopReason.NotMounted, message);
}
