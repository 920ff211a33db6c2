using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Session;

/// <summary>The write side of an SMB1 share, behind the same <see cref="ISmbWritableShare"/> as SMB2: NT_CREATE_ANDX
/// with the caller's parameters, and the path operations. SMB1 cannot compound a TRANS2 with the create, so an
/// operation on an open handle by path costs three round trips (NT_CREATE_ANDX, TRANS2_SET_FILE_INFORMATION,
/// CLOSE); where a core command does the job in one (CREATE_DIRECTORY, NT_RENAME) it is used instead.</summary>
internal sealed partial class Smb1Tree : ISmbWritableShare
{
    private const SmbAccess MetadataAccess = SmbAccess.ReadAttributes | SmbAccess.Synchronize;

    /// <summary>Samba reads a WRITE_ANDX's length from the 17-bit SMB1 length field and takes at most 128 KiB of data
    /// plus header (source3/smbd/smb1_reply.c reply_write_and_X, smb1_process.c valid_packet_size); its client
    /// sends at most 0x1FFFF bytes per large write too (clireadwrite.c cli_write_max_bufsize).</summary>
    private const int LargeWriteMessageLimit = 0x1FFFF;

    /// <summary>Header 32, WordCount 1, 14 words, ByteCount 2, pad 1: where a WRITE_ANDX's data starts.</summary>
    private const int WriteDataOffset = 64;

    private const ushort SetMaxParameters = 2;

    /// <summary>Largest single WRITE_ANDX.</summary>
    public int MaxWriteSize => WriteChunkSize;

    /// <summary>True when a WRITE_ANDX may exceed the server's MaxBufferSize: CAP_LARGE_WRITEX offered, and the
    /// session not signed, because servers ignore the capability on signed connections (Microsoft's "SMB maximum
    /// transmit buffer size and performance tuning"; Samba's and Linux's clients hold signed writes to the buffer).</summary>
    internal bool UsesLargeWrites =>
        _tuning.UseLargeWrites && (_connection.Capabilities & Smb1Capabilities.LargeWriteX) != 0 && !_connection.IsSigning;

    /// <summary>Bytes per WRITE_ANDX: up to the large-write limit in whole 4 KiB pages (124 KiB), else what fits the
    /// server's MaxBufferSize (and DataLength's 16 bits) in whole KiB.</summary>
    internal int WriteChunkSize
    {
        get
        {
            const int Page = 4 * KiB;
            if (UsesLargeWrites) return Math.Clamp(_options.MaxWriteChunk / Page * Page, Page, (LargeWriteMessageLimit - WriteDataOffset) / Page * Page);
            long usable = Math.Min((long)_connection.Negotiated!.MaxBufferSize - WriteDataOffset, ushort.MaxValue);
            return (int)Math.Max(512, usable / KiB * KiB);
        }
    }

    public async Task<ISmbWritableFile> CreateAsync(string path, SmbCreateParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(parameters);
        var created = await OpenForWriteAsync(path, parameters, cancellationToken).ConfigureAwait(false);
        // The NT_CREATE_ANDX response carries times, sizes and attributes: no query needed, as over SMB2.
        return new Smb1File(this, path, created.Fid, created.ToInfo(LastComponent(path))) { Access = parameters.Access };
    }

    private async Task<NtCreateAndXResponse> OpenForWriteAsync(string path, SmbCreateParameters parameters, CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(NtCreateAndXRequest.For(Smb1Strings.SharePath(path), parameters), Tid, cancellationToken)
            .ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, Where(path));
        return NtCreateAndXResponse.Parse(response.Message);
    }

    public async Task CreateDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var response = await _connection.SendAsync(new CreateDirectoryRequest(Smb1Strings.SharePath(path)), Tid, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, Where(path));
    }

    /// <summary>Delete-on-close on a handle opened with every sharing mode, as over SMB2, so that a file another
    /// handle has open (with FILE_SHARE_DELETE) can be unlinked; SMB_COM_DELETE would open it sharing nothing and
    /// fail. SMB_COM_DELETE / DELETE_DIRECTORY remain for servers that refuse the disposition level.</summary>
    public async Task DeleteAsync(string path, bool directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var open = new SmbCreateParameters
        {
            Access = SmbAccess.Delete | MetadataAccess,
            Disposition = SmbCreateDisposition.Open,
            Options = directory ? SmbCreateOptions.DirectoryFile : SmbCreateOptions.NonDirectoryFile,
        };
        NtStatus status = await TryDeleteOnCloseAsync(path, open, clearReadOnly: false, cancellationToken).ConfigureAwait(false);
        if (!directory && await IsReadOnlyRefusalAsync(path, status, cancellationToken).ConfigureAwait(false))
        {
            // The read-only attribute forbids deletion (MS-FSA 2.1.5.14.3); POSIX unlink removes such files,
            // so clear the attribute in the same open and delete.
            status = await TryDeleteOnCloseAsync(path, open with { Access = open.Access | SmbAccess.WriteAttributes }, clearReadOnly: true, cancellationToken)
                .ConfigureAwait(false);
        }
        if (IsRefusedLevel(status))
        {
            _log.Debug("{Where}: the server refused delete-on-close ({Status}); deleting with the core command", Where(path), status.Name());
            ISmb1Request core = directory ? new DeleteDirectoryRequest(Smb1Strings.SharePath(path)) : new DeleteRequest(Smb1Strings.SharePath(path));
            using var response = await _connection.SendAsync(core, Tid, cancellationToken).ConfigureAwait(false);
            status = response.Status;
        }
        if (status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(status, Where(path));
    }

    /// <summary>STATUS_CANNOT_DELETE, or, from a server that answers in DOS error codes, ERRDOS/ERRnoaccess (which
    /// Samba sends for CANNOT_DELETE, libcli/util/errormap.c) on a file that does carry the read-only attribute.</summary>
    private async Task<bool> IsReadOnlyRefusalAsync(string path, NtStatus status, CancellationToken cancellationToken)
    {
        if (status == NtStatus.STATUS_CANNOT_DELETE) return true;
        if (status != NtStatus.STATUS_ACCESS_DENIED || _connection.UsesNtStatus) return false;
        var (found, info) = await TryGetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        return found == NtStatus.STATUS_SUCCESS && (info!.Attributes & FileAttributes.ReadOnly) != 0;
    }

    private async Task<NtStatus> TryDeleteOnCloseAsync(string path, SmbCreateParameters open, bool clearReadOnly, CancellationToken cancellationToken)
    {
        var created = await OpenForWriteAsync(path, open, cancellationToken).ConfigureAwait(false);
        try
        {
            if (clearReadOnly)
            {
                NtStatus cleared = await TrySetFileInfoAsync(created.Fid, SetFileInformation.FileBasicInformation,
                    SetFileInformation.Basic(new SmbBasicInfo(0, 0, 0, 0, FileAttributes.Normal)), cancellationToken).ConfigureAwait(false);
                if (cleared != NtStatus.STATUS_SUCCESS) return cleared;
            }
            return await TrySetFileInfoAsync(created.Fid, SetFileInformation.FileDispositionInformation, SetFileInformation.Disposition(true), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await CloseQuietlyAsync(created.Fid).ConfigureAwait(false);
        }
    }

    public Task SetBasicInfoAsync(string path, SmbBasicInfo info, CancellationToken cancellationToken) =>
        RunOnPathAsync(path, new SmbCreateParameters { Access = SmbAccess.WriteAttributes | MetadataAccess, Disposition = SmbCreateDisposition.Open },
            fid => SetFileInfoAsync(fid, SetFileInformation.FileBasicInformation, SetFileInformation.Basic(info), path, cancellationToken), cancellationToken);

    public Task SetEndOfFileAsync(string path, long size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return RunOnPathAsync(path, new SmbCreateParameters
        {
            Access = SmbAccess.WriteData | MetadataAccess,
            Disposition = SmbCreateDisposition.Open,
            Options = SmbCreateOptions.NonDirectoryFile,
        }, fid => SetFileInfoAsync(fid, SetFileInformation.FileEndOfFileInformation, SetFileInformation.Size(size), path, cancellationToken), cancellationToken);
    }

    /// <summary>NT_CREATE_ANDX, the action on the FID, CLOSE (whatever the action did).</summary>
    private async Task RunOnPathAsync(string path, SmbCreateParameters parameters, Func<ushort, Task> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var created = await OpenForWriteAsync(path, parameters, cancellationToken).ConfigureAwait(false);
        try
        {
            await action(created.Fid).ConfigureAwait(false);
        }
        finally
        {
            await CloseQuietlyAsync(created.Fid).ConfigureAwait(false);
        }
    }

    /// <summary>TRANS2_SET_FILE_INFORMATION of an MS-FSCC class, at the pass-through level when the server offers
    /// it, else at the native SMB1 level with the same bytes.</summary>
    internal async Task SetFileInfoAsync(ushort fid, byte fsccClass, byte[] buffer, string path, CancellationToken cancellationToken)
    {
        NtStatus status = await TrySetFileInfoAsync(fid, fsccClass, buffer, cancellationToken).ConfigureAwait(false);
        if (status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(status, Where(path));
    }

    private Task<NtStatus> TrySetFileInfoAsync(ushort fid, byte fsccClass, byte[] buffer, CancellationToken cancellationToken) =>
        TrySetFileInfoAtLevelAsync(fid, Smb1SetInformation.Level(fsccClass, PassThrough), buffer, cancellationToken);

    private async Task<NtStatus> TrySetFileInfoAtLevelAsync(ushort fid, ushort level, byte[] buffer, CancellationToken cancellationToken)
    {
        using var response = await _connection.TransactAsync(
            new Trans2Request(Trans2Request.SetFileInformation, Trans2Parameters.SetFileInformation(fid, level), buffer, SetMaxParameters, 0),
            Tid, cancellationToken).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>Codes by which servers say they do not know a level or a command: the cue to fall back.</summary>
    internal static bool IsRefusedLevel(NtStatus status) => status is NtStatus.STATUS_INVALID_LEVEL or NtStatus.STATUS_INVALID_INFO_CLASS
        or NtStatus.STATUS_NOT_SUPPORTED or NtStatus.STATUS_NOT_IMPLEMENTED;
}
