namespace SmbDrive.Smb;

/// <summary>What the server lets this client cache for a file (MS-SMB2 2.2.13.2.8 LeaseState): Read = cached
/// reads stay valid, Handle = a close may be delayed (the handle kept open), Write = writes may be held back.
/// An oplock grant is reported on the same scale: level II = Read, exclusive = Read|Write, batch = all three.</summary>
[Flags]
public enum SmbLeaseState : uint
{
    None = 0,
    Read = 0x1,
    Handle = 0x2,
    Write = 0x4,
    ReadHandle = Read | Handle,
    ReadWrite = Read | Write,
    All = Read | Handle | Write,
}

/// <summary>How the server grants caching on this connection: leases (SMB 2.1 v1, SMB 3.x v2 with epochs) when it
/// has CAP_LEASING, else oplocks (SMB 2.0.2, or a server with leases switched off).</summary>
public enum SmbCachingKind
{
    /// <summary>Nothing was granted, or nothing asked for.</summary>
    None,
    Oplock,
    LeaseV1,
    LeaseV2,
}

/// <summary>A lease to ask for with a CREATE. <see cref="Key"/> names the caching state of one file for this
/// client: every open of the same file uses the same key (they then share one lease, and one open never breaks
/// another), each file its own key (the server refuses a key already used for another file with
/// STATUS_INVALID_PARAMETER). Where the server grants no leases an oplock is asked for instead: batch when
/// <see cref="State"/> holds Write or Handle, level II for Read alone.</summary>
public sealed record SmbLeaseRequest
{
    public required Guid Key { get; init; }
    public SmbLeaseState State { get; init; } = SmbLeaseState.All;
    /// <summary>The key of the lease of the file's directory (lease v2 only; <see cref="Guid.Empty"/> = none).</summary>
    public Guid ParentKey { get; init; }
}

/// <summary>What a CREATE with a lease request got.</summary>
/// <param name="Kind">Lease v1/v2, an oplock, or none.</param>
/// <param name="Key">The caller's lease key (also for an oplock: breaks are reported under it).</param>
/// <param name="State">What may be cached now.</param>
/// <param name="Epoch">Lease v2 epoch (0 otherwise): each state change the server makes increments it.</param>
public readonly record struct SmbLeaseGrant(SmbCachingKind Kind, Guid Key, SmbLeaseState State, ushort Epoch)
{
    public static SmbLeaseGrant None => default;
}

/// <summary>An open whose CREATE asked for a lease (SMB 2/3 files implement it).</summary>
public interface ISmbLeasedFile : ISmbFile
{
    /// <summary>What the server granted when the file was opened; <see cref="SmbLeaseGrant.None"/> when no lease was
    /// asked for. Later breaks reach the share's <see cref="ISmbLeaseBreakHandler"/>, not this value.</summary>
    SmbLeaseGrant Lease { get; }
}

/// <summary>A share whose opens can hold leases or oplocks, and whose breaks a handler receives.</summary>
public interface ISmbLeasingShare : ISmbWritableShare
{
    /// <summary>What this share's server grants: <see cref="SmbCachingKind.LeaseV2"/>, <see cref="SmbCachingKind.LeaseV1"/>
    /// or <see cref="SmbCachingKind.Oplock"/>.</summary>
    SmbCachingKind CachingKind { get; }

    /// <summary>Receives the share's lease and oplock breaks, from every connection of the share. Null (the default):
    /// every break that needs one is acknowledged at once to the new state, so the server never waits.</summary>
    ISmbLeaseBreakHandler? LeaseBreakHandler { get; set; }
}

/// <summary>The drive layer's answer to breaks. Called on a worker thread, never on the connection's receive loop;
/// breaks of different files may be handled at the same time. A break can reach the handler before the
/// <c>CreateAsync</c> that got the lease has returned (the server may break it at once for another client): go by the
/// key, and let the break's new state (and, for lease v2, the higher epoch) win over the grant.</summary>
public interface ISmbLeaseBreakHandler
{
    /// <summary>Flush what the new state no longer lets you hold back, drop what it no longer covers, then call
    /// <see cref="SmbLeaseBreak.AcknowledgeAsync"/> (when <see cref="SmbLeaseBreak.AcknowledgeRequired"/>) well within the
    /// server's timeout (35 s on Samba and Windows). If the handler returns or throws without acknowledging, the client
    /// acknowledges to the new state itself.</summary>
    Task OnBreakAsync(SmbLeaseBreak leaseBreak, CancellationToken cancellationToken);
}
