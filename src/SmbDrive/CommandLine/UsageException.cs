namespace SmbDrive.CommandLine;

/// <summary>The command line, the configuration or the credentials given cannot be used as they are; the
/// process exits with <see cref="ExitCodes.Usage"/>. The message is shown to the user as one line, so it must
/// never quote a secret.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message, Exception? inner = null) : base(message, inner) { }
}
