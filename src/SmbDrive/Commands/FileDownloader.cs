using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary>Copies an open share file to a stream. The client's read engine keeps READs in flight while each
/// piece is written, with memory bounded whatever the file's size; this only writes the pieces in order and
/// reports progress.</summary>
internal static class FileDownloader
{
    /// <summary>Copies to the end of the file. <paramref name="progress"/> gets the running total after each piece
    /// is written. Returns the bytes copied.</summary>
    public static async Task<long> CopyAsync(ISmbFile file, Stream destination, Action<long>? progress, CancellationToken cancellationToken)
    {
        long written = 0;
        await file.CopyToAsync(0, async (piece, ct) =>
        {
            await destination.WriteAsync(piece, ct).ConfigureAwait(false);
            written += piece.Length;
            progress?.Invoke(written);
        }, cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }
}
