namespace SmbDrive.CommandLine;

/// <summary>The reader of standard output went away (EPIPE), as with <c>smbdrive cat … | head</c>. Not an error to
/// report: the process stops quietly with <see cref="ExitCodes.OutputClosed"/>, as a Unix tool killed by SIGPIPE.</summary>
internal sealed class StandardOutputClosedException : IOException
{
    public StandardOutputClosedException(IOException inner) : base("standard output was closed", inner) { }
}
