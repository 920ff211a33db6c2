namespace SmbDrive.Smb.Io;

/// <summary>One open of a file on one connection: where the <see cref="IoScheduler"/> sends READs. SMB2/3
/// files and SMB1 files are lanes; a file opened on several connections of a share has one lane per connection.</summary>
internal interface IReadLane
{
    /// <summary>The connection's budget of READ bytes in flight, shared by every file read over it.</summary>
    IoBudget Budget { get; }

    /// <summary>Largest READ this lane sends.</summary>
    int ChunkBytes { get; }

    /// <summary>False once the lane's connection has failed.</summary>
    bool IsUsable { get; }

    /// <summary>Sends one READ of at most <c>destination.Length</c> bytes and returns how many landed in
    /// <paramref name="destination"/>. A server may answer with fewer bytes than asked; 0 means at or past the end
    /// of the file. Any other failure throws. <paramref name="remainingHint"/> is what the reader will still want
    /// after this READ (SMB2 RemainingBytes, SMB1 Remaining).</summary>
    ValueTask<int> ReadOnceAsync(long offset, Memory<byte> destination, long remainingHint, CancellationToken cancellationToken);
}

/// <summary>A file as the scheduler sees it: its path (for messages) and its lanes.</summary>
internal interface IReadLanes
{
    string Path { get; }

    /// <summary>The lanes usable now, the first one first. Never empty.</summary>
    IReadLane[] Lanes { get; }
}
