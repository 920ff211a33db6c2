namespace SmbDrive.Smb.Session;

// Every write-side call goes to the first connection's open. The extra connections' opens only ever read, and
// read what the server holds, so they see these writes as soon as the server has them.
internal sealed partial class MultiConnectionFile : ISmbWritableFile
{
    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken) =>
        _primary.WriteAsync(offset, data, remainingHint, cancellationToken);
    public Task FlushAsync(CancellationToken cancellationToken) => _primary.FlushAsync(cancellationToken);
    public Task SetEndOfFileAsync(long size, CancellationToken cancellationToken) => _primary.SetEndOfFileAsync(size, cancellationToken);
    public Task SetAllocationSizeAsync(long size, CancellationToken cancellationToken) => _primary.SetAllocationSizeAsync(size, cancellationToken);
    public Task SetBasicInfoAsync(SmbBasicInfo info, CancellationToken cancellationToken) => _primary.SetBasicInfoAsync(info, cancellationToken);
    public Task RenameAsync(string newPath, bool replaceIfExists, CancellationToken cancellationToken) => _primary.RenameAsync(newPath, replaceIfExists, cancellationToken);
    public Task SetDeleteOnCloseAsync(bool delete, CancellationToken cancellationToken) => _primary.SetDeleteOnCloseAsync(delete, cancellationToken);
}
