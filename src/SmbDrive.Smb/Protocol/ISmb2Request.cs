namespace SmbDrive.Smb.Protocol;

/// <summary>An SMB2 request body that the connection frames, numbers, signs and sends.</summary>
internal interface ISmb2Request
{
    Smb2Command Command { get; }

    /// <summary>Bytes after the 64-byte header.</summary>
    int BodySize { get; }

    /// <summary>max(payload sent, payload expected back), for CreditCharge (MS-SMB2 3.1.5.2); 0 for small requests.</summary>
    int CreditPayloadSize { get; }

    void WriteBody(Span<byte> body);
}

/// <summary>SMB2_FILEID: persistent and volatile halves (MS-SMB2 2.2.14.1).</summary>
internal readonly record struct Smb2FileId(ulong Persistent, ulong Volatile)
{
    /// <summary>The id that means "the file opened by the previous request of this compound chain".</summary>
    public static readonly Smb2FileId Related = new(ulong.MaxValue, ulong.MaxValue);

    public void Write(Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination, Persistent);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Volatile);
    }

    public static Smb2FileId Read(ReadOnlySpan<byte> source) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(source),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(source[8..]));
}
