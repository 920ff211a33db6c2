namespace SmbDrive.Smb.Smb1.Connection;

/// <summary>Counts kept for tests and benchmarks: how many reads (and writes) were in flight at once proves the pipelining.</summary>
internal sealed class Smb1Counters
{
    private long _requests, _reads, _coreReads, _bytesRead, _verifiedSignatures, _transactionParts;
    private int _readsInFlight, _maxReadsInFlight;
    private long _writes, _cancels;
    private int _writesInFlight, _maxWritesInFlight;

    public long Requests => Interlocked.Read(ref _requests);
    /// <summary>READ_ANDX and SMB_COM_READ requests sent.</summary>
    public long Reads => Interlocked.Read(ref _reads);
    /// <summary>SMB_COM_READ (core) requests among <see cref="Reads"/>.</summary>
    public long CoreReads => Interlocked.Read(ref _coreReads);
    public long BytesRead => Interlocked.Read(ref _bytesRead);
    /// <summary>Responses whose MAC signature was checked and found right.</summary>
    public long VerifiedSignatures => Interlocked.Read(ref _verifiedSignatures);
    /// <summary>TRANS2 response messages received (more than transactions when responses come in parts).</summary>
    public long TransactionParts => Interlocked.Read(ref _transactionParts);
    public int ReadsInFlight => Volatile.Read(ref _readsInFlight);
    /// <summary>The most reads that were waiting for their responses at one time.</summary>
    public int MaxReadsInFlight => Volatile.Read(ref _maxReadsInFlight);

    /// <summary>WRITE_ANDX requests sent.</summary>
    public long Writes => Interlocked.Read(ref _writes);
    public int WritesInFlight => Volatile.Read(ref _writesInFlight);
    /// <summary>The most writes that were waiting for their responses at one time.</summary>
    public int MaxWritesInFlight => Volatile.Read(ref _maxWritesInFlight);

    /// <summary>NT_CANCEL requests sent (each for a request the caller gave up on that the server may hold).</summary>
    public long Cancels => Interlocked.Read(ref _cancels);

    internal void CountRequest() => Interlocked.Increment(ref _requests);
    internal void CountCancel() => Interlocked.Increment(ref _cancels);

    internal void ReadSent(bool core)
    {
        Interlocked.Increment(ref _reads);
        if (core) Interlocked.Increment(ref _coreReads);
        RaiseMax(ref _maxReadsInFlight, Interlocked.Increment(ref _readsInFlight));
    }

    internal void ReadDone() => Interlocked.Decrement(ref _readsInFlight);

    internal void WriteSent()
    {
        Interlocked.Increment(ref _writes);
        RaiseMax(ref _maxWritesInFlight, Interlocked.Increment(ref _writesInFlight));
    }

    internal void WriteDone() => Interlocked.Decrement(ref _writesInFlight);

    private static void RaiseMax(ref int max, int now)
    {
        int seen;
        while (now > (seen = Volatile.Read(ref max)) && Interlocked.CompareExchange(ref max, now, seen) != seen)
        {
        }
    }
    internal void CountBytes(int bytes) => Interlocked.Add(ref _bytesRead, bytes);
    internal void CountVerified() => Interlocked.Increment(ref _verifiedSignatures);
    internal void CountTransactionPart() => Interlocked.Increment(ref _transactionParts);
}
