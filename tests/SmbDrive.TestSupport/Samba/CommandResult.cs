namespace SmbDrive.TestSupport;

/// <summary>Exit code and captured output of a finished helper command.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);
