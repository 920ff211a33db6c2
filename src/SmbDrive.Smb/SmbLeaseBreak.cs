namespace SmbDrive.Smb;

/// <summary>A lease break (MS-SMB2 2.2.23.2) or an oplock break (2.2.23.1, reported with the key its open was
/// asked for with and its levels mapped onto <see cref="SmbLeaseState"/>) as the handler sees it.</summary>
public sealed class SmbLeaseBreak
{
    private readonly Func<SmbLeaseState, CancellationToken, Task> _acknowledge;
    private Task? _acknowledgement;

    internal SmbLeaseBreak(SmbCachingKind kind, Guid key, SmbLeaseState currentState, SmbLeaseState newState, ushort epoch,
        bool acknowledgeRequired, Func<SmbLeaseState, CancellationToken, Task> acknowledge)
    {
        Kind = kind;
        Key = key;
        CurrentState = currentState;
        NewState = newState;
        Epoch = epoch;
        AcknowledgeRequired = acknowledgeRequired;
        _acknowledge = acknowledge;
    }

    public SmbCachingKind Kind { get; }
    public Guid Key { get; }
    /// <summary>What the client held when the server started the break.</summary>
    public SmbLeaseState CurrentState { get; }
    /// <summary>The most the client may keep once it has acknowledged.</summary>
    public SmbLeaseState NewState { get; }
    /// <summary>The lease's new epoch (lease v2; 0 otherwise).</summary>
    public ushort Epoch { get; }
    /// <summary>The server waits for <see cref="AcknowledgeAsync"/> before it lets the conflicting open proceed.</summary>
    public bool AcknowledgeRequired { get; }

    /// <summary>Whether an acknowledgement has been sent (or was not needed and was asked for anyway).</summary>
    public bool IsAcknowledged => Volatile.Read(ref _acknowledgement) is not null;

    /// <summary>Sends LEASE_BREAK_ACK (or OPLOCK_BREAK_ACK) for <see cref="NewState"/>, once: later calls return the
    /// first call's task. A break that needs no acknowledgement completes at once. A server that already
    /// considers the break done (the open was closed, it timed out) answers with an error status, which is thrown.</summary>
    public Task AcknowledgeAsync(CancellationToken cancellationToken)
    {
        if (!AcknowledgeRequired) return Volatile.Read(ref _acknowledgement) ?? (_acknowledgement = Task.CompletedTask);
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Interlocked.CompareExchange(ref _acknowledgement, mine.Task, null);
        if (first is not null) return first;
        _ = SendAsync(mine, cancellationToken);
        return mine.Task;
    }

    private async Task SendAsync(TaskCompletionSource done, CancellationToken cancellationToken)
    {
        try
        {
            await _acknowledge(NewState, cancellationToken).ConfigureAwait(false);
            done.TrySetResult();
        }
        catch (OperationCanceledException e)
        {
            done.TrySetCanceled(e.CancellationToken);
        }
        catch (Exception e)
        {
            done.TrySetException(e);
        }
    }

    public override string ToString() =>
        $"{Kind} break of {Key}: {CurrentState} -> {NewState}{(Kind == SmbCachingKind.LeaseV2 ? $" (epoch {Epoch})" : "")}{(AcknowledgeRequired ? ", ack required" : "")}";
}
