using SmbDrive.CommandLine;
using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive put LOCALFILE //HOST/SHARE/PATH</c>: creates or replaces PATH with the local file's bytes,
/// asks the server to commit them (FLUSH) and gives it the local modification time. When the command returns
/// 0, the file is on the server.</summary>
internal sealed class PutCommand : ICommand
{
    /// <summary>Bytes handed to the client per call; it splits them into pipelined WRITEs.</summary>
    private const int PieceSize = 16 * 1024 * 1024;

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        string local = Path.GetFullPath(context.Args.Operands[0], context.Environment.CurrentDirectory);
        var address = context.Address(1, requirePath: true);
        if (!File.Exists(local)) throw new UsageException($"{local}: no such file");
        await using var source = new FileStream(local, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan, BufferSize = 0,
        });
        long size = source.Length;
        await using var share = await context.ConnectAsync(address, cancellationToken);
        var writable = WritableShare.Of(share, address);
        var progress = context.Environment.IsErrorRedirected ? null : new ProgressBar(context.Environment.Error, Path.GetFileName(local), size);
        await using (var file = await writable.CreateAsync(address.Path, new SmbCreateParameters
        {
            Access = SmbAccess.GenericWrite | SmbAccess.ReadAttributes,
            ShareAccess = SmbShareAccess.Read,
            Disposition = SmbCreateDisposition.OverwriteIf,
            Options = SmbCreateOptions.NonDirectoryFile,
        }, cancellationToken))
        {
            // Two pieces alternate: one is read from disk while the other is being written.
            byte[][] buffers = [new byte[(int)Math.Min(PieceSize, Math.Max(1, size))], new byte[(int)Math.Min(PieceSize, Math.Max(1, size))]];
            long offset = 0;
            int which = 0;
            ValueTask pending = ValueTask.CompletedTask;
            while (true)
            {
                int read = await source.ReadAtLeastAsync(buffers[which], buffers[which].Length, throwOnEndOfStream: false, cancellationToken);
                await pending;
                progress?.Report(offset);
                if (read == 0) break;
                pending = file.WriteAsync(offset, buffers[which].AsMemory(0, read), size - offset - read, cancellationToken);
                offset += read;
                which ^= 1;
            }
            await file.FlushAsync(cancellationToken);
            await file.SetBasicInfoAsync(new SmbBasicInfo(0, 0, SmbBasicInfo.ToFileTime(File.GetLastWriteTimeUtc(local)), 0, 0), cancellationToken);
            progress?.Complete(offset);
            context.Logger.Debug("Uploaded {Bytes} bytes of {Local} to {Remote}", offset, local, address.Unc);
        }
        return 0;
    }
}
