namespace SmbDrive.Smb.Io;

/// <summary>One open of a file with write access on one connection: where the <see cref="IoScheduler"/> sends
/// WRITEs. Its connection's <see cref="IoBudget"/> is the same one READs on that connection are counted in.</summary>
internal interface IWriteLane
{
    string Path { get; }

    /// <summary>The connection's budget of bytes in flight, shared by every file read or written over it.</summary>
    IoBudget Budget { get; }

    /// <summary>Largest WRITE this lane sends.</summary>
    int WriteChunkBytes { get; }

    /// <summary>Sends one WRITE of <paramref name="data"/> at <paramref name="offset"/> and returns how many bytes
    /// the server accepted: at least one (a server may accept fewer than sent, MS-SMB2 3.2.5.8); an answer that
    /// accepts none, like any other failure, throws. <paramref name="remainingHint"/> is what the writer will send
    /// after this WRITE (SMB2 RemainingBytes, SMB1 Remaining).</summary>
    ValueTask<int> WriteOnceAsync(long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken);
}
