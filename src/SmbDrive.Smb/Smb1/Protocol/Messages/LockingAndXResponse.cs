namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_LOCKING_ANDX response (MS-CIFS 2.2.4.32.2).</summary>
/// <remarks>Words (2): 0 AndX(4). ByteCount 0. Success says everything there is to say.</remarks>
internal static class LockingAndXResponse
{
    private const int WordCount = 2;

    /// <summary>Checks that a successful response has the shape MS-CIFS gives it.</summary>
    public static void Validate(ReadOnlySpan<byte> message)
    {
        var reader = new Smb1Reader(message, "LOCKING_ANDX");
        reader.RequireWords(WordCount);
    }
}
