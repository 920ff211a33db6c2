namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>One SMB1 request: the connection writes the 32-byte header (MID, TID, UID, flags, signature); the
/// request writes everything after it, WordCount first (MS-CIFS 2.2.3.2).</summary>
internal interface ISmb1Request
{
    Smb1Command Command { get; }

    /// <summary>True only for a large WRITE_ANDX, which CAP_LARGE_WRITEX lets exceed the server's MaxBufferSize
    /// (MS-SMB 3.3.5.8); every other request must fit that buffer.</summary>
    bool MayExceedMaxBufferSize => false;

    /// <summary>Bytes after the header.</summary>
    int BodySize(Smb1Strings strings);

    /// <summary>Writes from offset 32 of <paramref name="message"/>, which spans the whole message so that Unicode
    /// strings can be aligned relative to the header start.</summary>
    void WriteBody(Span<byte> message, Smb1Strings strings);
}
