using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive cat //HOST/SHARE/PATH</c>: the file's bytes, unchanged, to standard output.</summary>
internal sealed class CatCommand : ICommand
{
    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var address = context.Address(0, requirePath: true);
        await using var share = await context.ConnectAsync(address, cancellationToken);
        await using var file = await share.OpenAsync(address.Path, SmbOpenKind.File, cancellationToken);
        long bytes = await FileDownloader.CopyAsync(file, context.Environment.StandardOutput, null, cancellationToken);
        context.Logger.Debug("Wrote {Bytes} bytes of {File}", bytes, address.Unc);
        return 0;
    }
}
