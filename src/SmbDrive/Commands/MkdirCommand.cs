namespace SmbDrive.Commands;

/// <summary><c>smbdrive mkdir //HOST/SHARE/PATH</c>: makes one folder (its parent must exist).</summary>
internal sealed class MkdirCommand : ICommand
{
    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var address = context.Address(0, requirePath: true);
        await using var share = await context.ConnectAsync(address, cancellationToken);
        await WritableShare.Of(share, address).CreateDirectoryAsync(address.Path, cancellationToken);
        return 0;
    }
}
