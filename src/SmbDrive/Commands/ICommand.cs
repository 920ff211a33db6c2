namespace SmbDrive.Commands;

/// <summary>One smbdrive command. Returns the exit code; failures throw and Program turns them into the one
/// error line and the exit code of their class.</summary>
internal interface ICommand
{
    Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken);
}
