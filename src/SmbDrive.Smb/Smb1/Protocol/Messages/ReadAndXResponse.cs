namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_READ_ANDX response (MS-CIFS 2.2.4.42.2 with MS-SMB 2.2.4.2.2).</summary>
/// <remarks>Words (12): 0 AndX(4) 4 Available(2) 6 DataCompactionMode(2) 8 Reserved1(2) 10 DataLength(2)
/// 12 DataOffset(2, from the header start) 14 DataLengthHigh(2, bits 16-31 of the length with CAP_LARGE_READX)
/// 16 Reserved2(8). For reads above 64 KiB ByteCount cannot hold the length (Samba sends it truncated), so the
/// data is located by DataOffset and the combined length alone.</remarks>
internal static class ReadAndXResponse
{
    private const int WordCount = 12;

    /// <summary>Where the data lies in <paramref name="message"/>; never more than <paramref name="requested"/> bytes.</summary>
    public static (int Offset, int Length) Locate(ReadOnlySpan<byte> message, int requested)
    {
        var reader = new Smb1Reader(message, "READ_ANDX");
        reader.RequireWords(WordCount);
        long length = reader.U16(10) | (long)reader.U16(14) << 16;
        long offset = reader.U16(12);
        if (length > requested) throw reader.Malformed($"{length} data bytes returned for {requested} requested");
        if (length == 0) return (0, 0);
        if (offset < Smb1Layout.BytesOffset(WordCount)) throw reader.Malformed($"DataOffset {offset} inside the parameters");
        reader.Slice(offset, length);
        return ((int)offset, (int)length);
    }
}
