using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Session;

/// <summary>Metadata over TRANS2: FIND_FIRST2 / FIND_NEXT2, QUERY_PATH_INFORMATION, QUERY_FILE_INFORMATION and
/// QUERY_FS_INFORMATION (MS-CIFS 2.2.6). For the volume, MS-FSCC pass-through levels are used when the server
/// offers them (MS-SMB 2.2.2.3.5): they tell the space available to the caller apart from the free space.</summary>
internal sealed partial class Smb1Tree
{
    /// <summary>Entries asked for per FIND request; the data size limit usually ends a page first (smbclient asks 1366).</summary>
    private const ushort SearchCount = 1366;
    private const ushort FindMaxData = 60 * KiB;
    private const ushort QueryMaxData = 4 * KiB;
    private const ushort FsMaxData = KiB;
    private const ushort FindMaxParameters = 10;
    private const ushort QueryMaxParameters = 2;

    internal bool PassThrough => _tuning.UsePassThroughLevels && (_connection.Capabilities & Smb1Capabilities.InfoLevelPassthru) != 0;

    /// <summary>File information always uses SMB_QUERY_FILE_ALL_INFO: Samba answers the pass-through level 1018 with
    /// that same SMB1 layout instead of MS-FSCC FILE_ALL_INFORMATION, so the pass-through level cannot be trusted to
    /// mean one thing. SMB1 reports no file id at this level or in listings; FileId stays 0 throughout, which keeps
    /// the drive's inode numbers consistent between listings and lookups.</summary>
    private const ushort FileAllLevel = Trans2Parameters.QueryFileAllInfo;

    public async Task<SmbFileInfo> GetInfoAsync(string path, CancellationToken cancellationToken)
    {
        var (status, info) = await TryGetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        return status == NtStatus.STATUS_SUCCESS ? info! : throw new SmbStatusException(status, Where(path));
    }

    private async Task<(NtStatus Status, SmbFileInfo? Info)> TryGetInfoAsync(string path, CancellationToken cancellationToken)
    {
        byte[] parameters = Trans2Parameters.QueryPathInformation(_connection.Strings, FileAllLevel, Smb1Strings.SharePath(path));
        using var response = await _connection.TransactAsync(
            new Trans2Request(Trans2Request.QueryPathInformation, parameters, [], QueryMaxParameters, QueryMaxData), Tid, cancellationToken).ConfigureAwait(false);
        if (Failed(response.Status)) return (response.Status, null);
        return (NtStatus.STATUS_SUCCESS, ParseFileAll(response.Data, LastComponent(path)));
    }

    internal async Task<SmbFileInfo> QueryFileInfoAsync(ushort fid, string path, CancellationToken cancellationToken)
    {
        using var response = await _connection.TransactAsync(
            new Trans2Request(Trans2Request.QueryFileInformation, Trans2Parameters.QueryFileInformation(fid, FileAllLevel), [], QueryMaxParameters, QueryMaxData),
            Tid, cancellationToken).ConfigureAwait(false);
        if (Failed(response.Status)) throw new SmbStatusException(response.Status, Where(path));
        return ParseFileAll(response.Data, LastComponent(path));
    }

    /// <summary>Anything but success, or a STATUS_BUFFER_OVERFLOW that still carries (truncated) data.</summary>
    private static bool Failed(NtStatus status) => status is not (NtStatus.STATUS_SUCCESS or NtStatus.STATUS_BUFFER_OVERFLOW);

    private static SmbFileInfo ParseFileAll(byte[] data, string name) => Smb1InformationLevels.ParseQueryFileAllInfo(data, name);

    public async Task<IReadOnlyList<SmbFileInfo>> ListAsync(string path, string pattern, CancellationToken cancellationToken)
    {
        var strings = _connection.Strings;
        string directory = Smb1Strings.SharePath(path);
        string search = (directory == "\\" ? "" : directory) + "\\" + pattern;
        var entries = new List<SmbFileInfo>();
        ushort searchId;
        bool endOfSearch;
        string resumeName;
        using (var first = await _connection.TransactAsync(
            new Trans2Request(Trans2Request.FindFirst2, Trans2Parameters.FindFirst2(strings, search, SearchCount, Trans2Parameters.FindFileBothDirectoryInfo),
                [], FindMaxParameters, FindMaxData), Tid, cancellationToken).ConfigureAwait(false))
        {
            if (Failed(first.Status)) return await ExplainFindFailureAsync(path, first.Status, cancellationToken).ConfigureAwait(false);
            ushort count;
            (searchId, count, endOfSearch) = Trans2Parameters.ParseFindFirst2(first.Parameters);
            resumeName = FindFileBothDirectoryInfo.Parse(first.Data, count, strings, entries);
            if (count == 0) endOfSearch = true;
        }

        bool closed = endOfSearch; // SMB_FIND_CLOSE_AT_EOS: the server closes the search with its last page
        try
        {
            while (!endOfSearch)
            {
                using var next = await _connection.TransactAsync(
                    new Trans2Request(Trans2Request.FindNext2,
                        Trans2Parameters.FindNext2(strings, searchId, SearchCount, Trans2Parameters.FindFileBothDirectoryInfo, resumeName),
                        [], FindMaxParameters, FindMaxData), Tid, cancellationToken).ConfigureAwait(false);
                if (next.Status == NtStatus.STATUS_NO_MORE_FILES) break;
                if (Failed(next.Status)) throw new SmbStatusException(next.Status, Where(path));
                (ushort count, endOfSearch) = Trans2Parameters.ParseFindNext2(next.Parameters);
                if (count == 0 && !endOfSearch)
                    throw new SmbProtocolException($"{Where(path)}: FIND_NEXT2 returned no entries without ending the search");
                resumeName = FindFileBothDirectoryInfo.Parse(next.Data, count, strings, entries);
                closed = endOfSearch;
            }
        }
        finally
        {
            if (!closed) await FindCloseQuietlyAsync(searchId).ConfigureAwait(false);
        }
        return entries;
    }

    /// <summary>FIND_FIRST2 reports a pattern without matches, a missing folder and a file in the folder's place with
    /// codes that differ between servers (and between NT and DOS error modes). One look at the folder itself tells
    /// them apart: an existing folder means an empty result, a file means STATUS_NOT_A_DIRECTORY.</summary>
    private async Task<IReadOnlyList<SmbFileInfo>> ExplainFindFailureAsync(string path, NtStatus findStatus, CancellationToken cancellationToken)
    {
        bool noMatch = findStatus is NtStatus.STATUS_NO_SUCH_FILE or NtStatus.STATUS_NO_MORE_FILES or NtStatus.STATUS_OBJECT_NAME_NOT_FOUND;
        bool maybePath = noMatch || findStatus is NtStatus.STATUS_OBJECT_PATH_NOT_FOUND or NtStatus.STATUS_NOT_A_DIRECTORY;
        if (!maybePath) throw new SmbStatusException(findStatus, Where(path));
        if (Smb1Strings.SharePath(path) == "\\")
            return noMatch ? [] : throw new SmbStatusException(findStatus, Where(path));
        var (status, info) = await TryGetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        if (status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(status, Where(path));
        if (!info!.IsDirectory) throw new SmbStatusException(NtStatus.STATUS_NOT_A_DIRECTORY, Where(path));
        return noMatch ? [] : throw new SmbStatusException(findStatus, Where(path));
    }

    private async Task FindCloseQuietlyAsync(ushort searchId)
    {
        if (_connection.IsBroken) return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(CloseTimeoutSeconds));
            using var _ = await _connection.SendAsync(Smb1SimpleRequest.FindClose2(searchId), Tid, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SmbException or OperationCanceledException)
        {
            _log.Debug("SMB1 FIND_CLOSE2 on {Share} failed: {Reason}", Share, e.Message);
        }
    }

    public async Task<SmbVolumeInfo> GetVolumeInfoAsync(CancellationToken cancellationToken)
    {
        bool passThrough = PassThrough;
        ushort sizeLevel = passThrough ? (ushort)(Trans2Parameters.PassThroughBase + FileInformation.FileFsFullSizeInformation) : Trans2Parameters.QueryFsSizeInfo;
        ushort volumeLevel = passThrough ? (ushort)(Trans2Parameters.PassThroughBase + FileInformation.FileFsVolumeInformation) : Trans2Parameters.QueryFsVolumeInfo;
        ushort attributeLevel = passThrough ? (ushort)(Trans2Parameters.PassThroughBase + FileInformation.FileFsAttributeInformation) : Trans2Parameters.QueryFsAttributeInfo;
        // No compounding in SMB1, but the three queries can be in flight together.
        var sizeTask = QueryFsAsync(sizeLevel, cancellationToken);
        var volumeTask = QueryFsAsync(volumeLevel, cancellationToken);
        var attributeTask = QueryFsAsync(attributeLevel, cancellationToken);
        await Task.WhenAll(sizeTask, volumeTask, attributeTask).ConfigureAwait(false);
        byte[] sizeData = await sizeTask.ConfigureAwait(false), volumeData = await volumeTask.ConfigureAwait(false),
            attributeData = await attributeTask.ConfigureAwait(false);
        var strings = _connection.Strings;

        long total, free, available;
        int sectorsPerUnit, bytesPerSector;
        uint serial, fsAttributes;
        string label, fileSystem;
        int maxComponent;
        if (passThrough)
        {
            (total, available, free, sectorsPerUnit, bytesPerSector) = FileInformation.ParseFullSize(sizeData);
            (serial, label) = FileInformation.ParseVolume(volumeData);
            (fsAttributes, maxComponent, fileSystem) = FileInformation.ParseAttribute(attributeData);
        }
        else
        {
            (total, free, sectorsPerUnit, bytesPerSector) = Smb1InformationLevels.ParseFsSize(sizeData);
            available = free;
            (serial, label) = Smb1InformationLevels.ParseFsVolume(volumeData, strings);
            (fsAttributes, maxComponent, fileSystem) = Smb1InformationLevels.ParseFsAttribute(attributeData, strings);
        }
        long unit = (long)sectorsPerUnit * bytesPerSector;
        return new SmbVolumeInfo
        {
            Label = label.Length > 0 ? label : Share,
            SerialNumber = serial,
            TotalBytes = total * unit,
            FreeBytes = free * unit,
            AvailableBytes = available * unit,
            BytesPerSector = bytesPerSector,
            SectorsPerAllocationUnit = sectorsPerUnit,
            FileSystemName = fileSystem,
            FileSystemAttributes = fsAttributes,
            MaxComponentLength = maxComponent,
        };
    }

    private async Task<byte[]> QueryFsAsync(ushort level, CancellationToken cancellationToken)
    {
        using var response = await _connection.TransactAsync(
            new Trans2Request(Trans2Request.QueryFsInformation, Trans2Parameters.QueryFsInformation(level), [], 0, FsMaxData),
            Tid, cancellationToken).ConfigureAwait(false);
        if (Failed(response.Status)) throw new SmbStatusException(response.Status, Where(""));
        return response.Data;
    }
}
