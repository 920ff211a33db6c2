using SmbDrive.Vfs.Errors;

namespace SmbDrive.Vfs.ServerRoot;

/// <summary>One share under a server-root mount: connected on first use, by one caller while the others wait for
/// the same attempt. A refusal (access denied, no such share, logon refused) is remembered for the negative
/// lifetime, so that a share the user may not open does not cost a connection per callback; any other failure
/// (the connection dropped, say) is retried by the next caller.</summary>
internal sealed class ShareSlot
{
    private readonly Func<CancellationToken, Task<IDriveFileSystem>> _connect;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refusalLifetime;
    private readonly object _sync = new();
    private Task<IDriveFileSystem>? _connecting;
    private (VfsStatus Status, long Until)? _refusal;
    private bool _disposed;

    public ShareSlot(string name, Func<CancellationToken, Task<IDriveFileSystem>> connect, TimeProvider time, TimeSpan refusalLifetime)
    {
        Name = name;
        _connect = connect;
        _time = time;
        _refusalLifetime = refusalLifetime;
    }

    public string Name { get; }

    /// <summary>The share's drive, connecting it if this is the first use; a failure comes back as a status.</summary>
    public async ValueTask<VfsResult<IDriveFileSystem>> GetAsync(CancellationToken cancellationToken)
    {
        Task<IDriveFileSystem> attempt;
        lock (_sync)
        {
            if (_disposed) return VfsStatus.STATUS_DEVICE_NOT_READY;
            if (_refusal is { } refused && _time.GetTimestamp() < refused.Until) return refused.Status;
            // The attempt is not tied to the first caller's token: a cancelled first caller must not fail the others.
            attempt = _connecting ??= _connect(CancellationToken.None);
        }
        try
        {
            return VfsResult<IDriveFileSystem>.Success(await attempt.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException && VfsErrorMapper.TryMap(e, out var status))
        {
            lock (_sync)
            {
                if (ReferenceEquals(_connecting, attempt)) _connecting = null;
                if (IsRefusal(status))
                    _refusal = (status, _time.GetTimestamp() + (long)(_refusalLifetime.TotalSeconds * _time.TimestampFrequency));
            }
            return status;
        }
    }

    private static bool IsRefusal(VfsStatus status) => status is VfsStatus.STATUS_ACCESS_DENIED
        or VfsStatus.STATUS_BAD_NETWORK_NAME or VfsStatus.STATUS_LOGON_FAILURE;

    /// <summary>Disposes the share's drive if it was connected.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<IDriveFileSystem>? connecting;
        lock (_sync)
        {
            _disposed = true;
            connecting = _connecting;
        }
        if (connecting is null) return;
        try
        {
            await (await connecting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (VfsErrorMapper.TryMap(e, out _))
        {
            // It never connected: nothing to release.
        }
    }
}
