namespace SmbDrive.Smb.Session;

// Writes and path changes go over the first connection; a large file opened for writing is still wrapped so
// that its large reads are striped (its writes pass through to the first connection's open).
internal sealed partial class SmbShareGroup : ISmbWritableShare
{
    public int MaxWriteSize => _primary.MaxWriteSize;

    public async Task<ISmbWritableFile> CreateAsync(string path, SmbCreateParameters parameters, CancellationToken cancellationToken)
    {
        var file = (SmbFile)await _primary.CreateAsync(path, parameters, cancellationToken).ConfigureAwait(false);
        return file.Info.IsDirectory || file.Info.Size < _options.StripeThresholdBytes ? file : new MultiConnectionFile(this, file, _log);
    }

    public Task CreateDirectoryAsync(string path, CancellationToken cancellationToken) => _primary.CreateDirectoryAsync(path, cancellationToken);
    public Task DeleteAsync(string path, bool directory, CancellationToken cancellationToken) => _primary.DeleteAsync(path, directory, cancellationToken);
    public Task RenameAsync(string path, string newPath, bool replaceIfExists, CancellationToken cancellationToken) =>
        _primary.RenameAsync(path, newPath, replaceIfExists, cancellationToken);
    public Task SetBasicInfoAsync(string path, SmbBasicInfo info, CancellationToken cancellationToken) => _primary.SetBasicInfoAsync(path, info, cancellationToken);
    public Task SetEndOfFileAsync(string path, long size, CancellationToken cancellationToken) => _primary.SetEndOfFileAsync(path, size, cancellationToken);
}
