using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Session;

// The write side of a share: CREATE with the caller's parameters, and the path operations that are one
// compound round trip each (CREATE + SET_INFO + CLOSE).
internal sealed partial class SmbTree : ISmbWritableShare
{
    private const SmbAccess MetadataAccess = SmbAccess.ReadAttributes | SmbAccess.Synchronize;

    /// <summary>Largest single WRITE: the server's limit, 64 KiB without multi-credit support.</summary>
    public int MaxWriteSize => _connection.LargeMtu ? (int)Math.Min(_connection.Negotiated!.MaxWriteSize, 8u * 1024 * 1024) : 65536;

    public Task<ISmbWritableFile> CreateAsync(string path, SmbCreateParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(parameters);
        return WithReauthenticationAsync(() => CreateCoreAsync(path, parameters, cancellationToken), cancellationToken);
    }

    private async Task<ISmbWritableFile> CreateCoreAsync(string path, SmbCreateParameters parameters, CancellationToken cancellationToken)
    {
        var responses = await _connection.SendCompoundAsync(
            [CreateRequestFor(path, parameters),
             new QueryInfoRequest(FileInformation.InfoTypeFile, FileInformation.FileAllInformation, Smb2FileId.Related, QueryInfoOutput)],
            TreeId, cancellationToken).ConfigureAwait(false);
        using var create = responses[0];
        using var query = responses[1];
        if (create.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(create.Status, Where(path));
        var created = CreateResponse.Parse(create.Message);
        SmbLeaseGrant lease;
        try
        {
            lease = Granted(parameters, created);
        }
        catch (SmbProtocolException)
        {
            await CloseQuietlyAsync(created.FileId).ConfigureAwait(false); // the open exists on the server: don't leak it
            throw;
        }
        SmbFileInfo info = query.Status == NtStatus.STATUS_SUCCESS
            ? FileInformation.ParseAll(OutputBufferResponse.Parse(query.Message, "QUERY_INFO"), LastComponent(path))
            // Without READ_ATTRIBUTES the query fails; the CREATE response has the essentials.
            : created.ToFileInfo(LastComponent(path));
        return new SmbFile(this, path, created.FileId, info, _options) { Access = parameters.Access, Lease = lease };
    }

    public Task CreateDirectoryAsync(string path, CancellationToken cancellationToken) =>
        RunOnPathAsync(path, new SmbCreateParameters
        {
            Access = MetadataAccess,
            Disposition = SmbCreateDisposition.Create,
            Options = SmbCreateOptions.DirectoryFile,
        }, null, cancellationToken);

    public async Task DeleteAsync(string path, bool directory, CancellationToken cancellationToken)
    {
        var open = new SmbCreateParameters
        {
            Access = SmbAccess.Delete | MetadataAccess,
            Disposition = SmbCreateDisposition.Open,
            Options = directory ? SmbCreateOptions.DirectoryFile : SmbCreateOptions.NonDirectoryFile,
        };
        try
        {
            await RunOnPathAsync(path, open, [Disposition(true)], cancellationToken).ConfigureAwait(false);
        }
        catch (SmbStatusException e) when (e.Status == NtStatus.STATUS_CANNOT_DELETE && !directory)
        {
            // The read-only attribute forbids deletion (MS-FSA 2.1.5.14.3); POSIX unlink removes such files,
            // so clear the attribute in the same open and delete.
            await RunOnPathAsync(path, open with { Access = open.Access | SmbAccess.WriteAttributes },
                [Basic(new SmbBasicInfo(0, 0, 0, 0, FileAttributes.Normal)), Disposition(true)], cancellationToken).ConfigureAwait(false);
        }
    }

    public Task RenameAsync(string path, string newPath, bool replaceIfExists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newPath);
        // DELETE access on the source is what Windows requires for a rename (smbtorture smb2.rename.simple_nodelete).
        return RunOnPathAsync(path, new SmbCreateParameters { Access = SmbAccess.Delete | MetadataAccess, Disposition = SmbCreateDisposition.Open },
            [new SetInfoRequest(FileInformation.InfoTypeFile, SetFileInformation.FileRenameInformation, Smb2FileId.Related,
                SetFileInformation.Rename(newPath, replaceIfExists))], cancellationToken);
    }

    public Task SetBasicInfoAsync(string path, SmbBasicInfo info, CancellationToken cancellationToken) =>
        RunOnPathAsync(path, new SmbCreateParameters { Access = SmbAccess.WriteAttributes | MetadataAccess, Disposition = SmbCreateDisposition.Open },
            [Basic(info)], cancellationToken);

    public Task SetEndOfFileAsync(string path, long size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return RunOnPathAsync(path, new SmbCreateParameters
        {
            Access = SmbAccess.WriteData | MetadataAccess,
            Disposition = SmbCreateDisposition.Open,
            Options = SmbCreateOptions.NonDirectoryFile,
        }, [new SetInfoRequest(FileInformation.InfoTypeFile, SetFileInformation.FileEndOfFileInformation, Smb2FileId.Related, SetFileInformation.Size(size))],
        cancellationToken);
    }

    private static SetInfoRequest Disposition(bool delete) =>
        new(FileInformation.InfoTypeFile, SetFileInformation.FileDispositionInformation, Smb2FileId.Related, SetFileInformation.Disposition(delete));

    private static SetInfoRequest Basic(SmbBasicInfo info) =>
        new(FileInformation.InfoTypeFile, SetFileInformation.FileBasicInformation, Smb2FileId.Related, SetFileInformation.Basic(info));

    /// <summary>CREATE, the given related requests, CLOSE, in one compound. The first failure among CREATE and
    /// the requests is thrown; a failed CLOSE after them is not an error of the operation.</summary>
    private Task RunOnPathAsync(string path, SmbCreateParameters parameters, ISmb2Request[]? operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        return WithReauthenticationAsync(async () =>
        {
            var chain = new List<ISmb2Request> { new CreateRequest(path, parameters) };
            if (operations is not null) chain.AddRange(operations);
            chain.Add(new CloseRequest(Smb2FileId.Related));
            SmbResponse[] responses = await _connection.SendCompoundAsync([.. chain], TreeId, cancellationToken).ConfigureAwait(false);
            try
            {
                for (int i = 0; i < responses.Length - 1; i++)
                    if (responses[i].Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(responses[i].Status, Where(path));
            }
            finally
            {
                foreach (var r in responses) r.Dispose();
            }
            return true;
        }, cancellationToken);
    }
}
