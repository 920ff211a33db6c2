namespace SmbDrive.Vfs;

/// <summary>The platform-neutral drive that both front-ends (FUSE, Dokan) translate to. Paths are relative
/// to the share root and may use '\' or '/'; "" or "/" is the root. Every method is thread-safe and is
/// called concurrently by many callback threads. Expected failures come back as a <see cref="VfsStatus"/>,
/// never as an exception; an exception means a bug, and front-ends turn it into an I/O error.</summary>
public partial interface IDriveFileSystem : IAsyncDisposable
{
    /// <summary>True while the drive offers no writes: front-ends report every write-like request as
    /// <see cref="VfsStatus.STATUS_MEDIA_WRITE_PROTECTED"/> (EROFS).</summary>
    bool IsReadOnly { get; }

    /// <summary>Share name, used as the volume label.</summary>
    string VolumeLabel { get; }

    /// <summary><c>\server\share</c> (one leading backslash, as Dokan's UNCName wants it).</summary>
    string UncName { get; }

    /// <summary>How long front-ends may cache what they are told (attribute, entry and negative lifetimes).</summary>
    VfsCacheLifetimes CacheLifetimes { get; }

    ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(string path, CancellationToken cancellationToken);

    /// <summary>Opens a file or directory. <see cref="VfsOpenIntent.AttributesOnly"/> and directory opens are
    /// answered from metadata without a server open; a data open opens the server file lazily.</summary>
    ValueTask<VfsResult<VfsHandle>> OpenAsync(string path, VfsOpenIntent intent, CancellationToken cancellationToken);

    /// <summary>Opens like <see cref="OpenAsync(string, VfsOpenIntent, CancellationToken)"/> for a caller with share modes
    /// (Windows). When <see cref="VfsSharing.DeniesOthers"/>, a file is opened on the server at once with that access and
    /// sharing, so that the server refuses other clients' conflicting opens while the handle is open, and refuses this
    /// open (STATUS_SHARING_VIOLATION) when another client's open conflicts; the handle reads through that open and
    /// re-opens it with the same sharing after a reconnect. Otherwise, and for directories, the open is as lazy as the
    /// other overload. A drive without server opens ignores the sharing.</summary>
    ValueTask<VfsResult<VfsHandle>> OpenAsync(string path, VfsOpenIntent intent, VfsSharing sharing, CancellationToken cancellationToken) =>
        OpenAsync(path, intent, cancellationToken);

    /// <summary>Reads into <paramref name="buffer"/> (often native memory of the front-end). Returns the number
    /// of bytes read: fewer than asked only at the end of the file, 0 at or past it.</summary>
    ValueTask<VfsResult<int>> ReadAsync(VfsHandle handle, long offset, Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Information for an open handle; succeeds for any open handle as long as the server is reachable.</summary>
    ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(VfsHandle handle, CancellationToken cancellationToken);

    /// <summary>Lists a directory (without "." and ".."), optionally filtered by a DOS wildcard pattern.</summary>
    ValueTask<VfsResult<IReadOnlyList<VfsFileInfo>>> ListAsync(string path, string? pattern, CancellationToken cancellationToken);

    ValueTask<VfsResult<VfsVolumeInfo>> GetVolumeInfoAsync(CancellationToken cancellationToken);

    /// <summary>Releases the handle and its server open. Never fails.</summary>
    ValueTask CloseAsync(VfsHandle handle);
}

/// <summary>What an open is for.</summary>
public enum VfsOpenIntent
{
    /// <summary>Read the file's bytes (directories may be opened this way too, to list them).</summary>
    ReadData,
    /// <summary>Only attributes or security are wanted: no server open is needed.</summary>
    AttributesOnly,
    /// <summary>Must be a directory, else STATUS_NOT_A_DIRECTORY.</summary>
    Directory,
    /// <summary>Must be a file, else STATUS_FILE_IS_A_DIRECTORY.</summary>
    NonDirectory,
}

public sealed record VfsCacheLifetimes(TimeSpan FileInfo, TimeSpan NotFound, TimeSpan DirectoryListing);
