using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive get //HOST/SHARE/PATH LOCALFILE</c>: downloads into LOCALFILE.part and renames it when
/// complete, so that a failed or interrupted download never leaves a partial file under the final name.
/// LOCALFILE may be an existing folder (the file keeps its name), <c>-</c> (standard output), or a device or pipe
/// such as /dev/null, which is written in place.</summary>
internal sealed class GetCommand : ICommand
{
    public const string PartSuffix = ".part";

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var address = context.Address(0, requirePath: true);
        string target = context.Args.Operands[1];
        string? destination = target == "-" ? null : DestinationPath(target, address, context.Environment.CurrentDirectory);

        await using var share = await context.ConnectAsync(address, cancellationToken);
        await using var file = await share.OpenAsync(address.Path, SmbOpenKind.File, cancellationToken);
        if (destination is null)
        {
            await FileDownloader.CopyAsync(file, context.Environment.StandardOutput, null, cancellationToken);
            return 0;
        }
        long bytes = LocalDestination.IsSpecial(destination)
            ? await WriteInPlaceAsync(file, destination, cancellationToken)
            : await DownloadAsync(context, file, destination, cancellationToken);
        context.Logger.Debug("Downloaded {Bytes} bytes of {File} to {Destination}", bytes, address.Unc, destination);
        return 0;
    }

    private static async Task<long> DownloadAsync(CommandContext context, ISmbFile file, string destination,
        CancellationToken cancellationToken)
    {
        string part = destination + PartSuffix;
        long size = Math.Max(0, file.Info.Size);
        var progress = context.Environment.IsErrorRedirected
            ? null
            : new ProgressBar(context.Environment.Error, Path.GetFileName(destination), size);
        long bytes;
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                // The downloader writes whole chunks: a FileStream buffer would only add a copy.
                BufferSize = 0,
                PreallocationSize = size,
            };
            await using (var stream = new FileStream(part, options))
            {
                bytes = await FileDownloader.CopyAsync(file, stream, progress is null ? null : progress.Report, cancellationToken);
            }
            File.SetLastWriteTimeUtc(part, file.Info.LastWriteTimeUtc);
            File.Move(part, destination, overwrite: true);
        }
        catch
        {
            TryDelete(part);
            throw;
        }
        progress?.Complete(bytes);
        return bytes;
    }

    /// <summary>A device, pipe or socket (/dev/null, a FIFO) is written as it is: no .part file, no rename.</summary>
    private static async Task<long> WriteInPlaceAsync(ISmbFile file, string destination, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0 };
        await using var stream = new FileStream(destination, options);
        return await FileDownloader.CopyAsync(file, stream, null, cancellationToken);
    }

    /// <summary>The final local path; checked before connecting so a typo costs no network round trip.</summary>
    private static string DestinationPath(string target, SmbAddress address, string currentDirectory)
    {
        string path = Path.GetFullPath(target, currentDirectory);
        if (Directory.Exists(path)) path = Path.Combine(path, LeafName(address.Path));
        string? folder = Path.GetDirectoryName(path);
        if (folder is not null && !Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        return path;
    }

    private static string LeafName(string sharePath)
    {
        int slash = sharePath.LastIndexOf('\\');
        return slash >= 0 ? sharePath[(slash + 1)..] : sharePath;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the final name was never written, which is the promise that matters.
        }
    }
}
