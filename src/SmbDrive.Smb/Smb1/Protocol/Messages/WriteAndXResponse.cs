namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_WRITE_ANDX response (MS-CIFS 2.2.4.43.2 with MS-SMB 2.2.4.3.2).</summary>
/// <remarks>Words (6): 0 AndX(4) 4 Count(2) 6 Available(2) 8 CountHigh(2, bits 16-31 of the count with
/// CAP_LARGE_WRITEX) 10 Reserved(2). ByteCount 0.</remarks>
internal static class WriteAndXResponse
{
    private const int WordCount = 6;

    /// <summary>Bytes the server wrote; never more than <paramref name="requested"/>. Some old servers leave
    /// garbage in CountHigh (it was Reserved in CIFS), so a count above the request is read as its low 16 bits
    /// before it is called malformed, as the Linux cifs client does.</summary>
    public static int Count(ReadOnlySpan<byte> message, int requested)
    {
        var reader = new Smb1Reader(message, "WRITE_ANDX");
        reader.RequireWords(WordCount);
        long count = reader.U16(4) | (long)reader.U16(8) << 16;
        if (count > requested) count &= 0xFFFF;
        if (count > requested) throw reader.Malformed($"{count} bytes written for {requested} sent");
        return (int)count;
    }
}
