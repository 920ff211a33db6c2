namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 CHANGE_NOTIFY response (MS-SMB2 2.2.36): 0 StructureSize(9) 2 OutputBufferOffset
/// 4 OutputBufferLength 8 Buffer, the buffer a chain of FILE_NOTIFY_INFORMATION (<see cref="FileNotifyInformation"/>).
/// Its layout is QUERY_INFO's; only the successful answer carries a buffer.</summary>
internal static class ChangeNotifyResponse
{
    /// <summary>The changes of a successful answer; empty when the server had more than it could describe.
    /// A buffer larger than the <paramref name="requestedLength"/> we allowed is a protocol error.</summary>
    public static IReadOnlyList<SmbChange> Parse(ReadOnlySpan<byte> message, int requestedLength)
    {
        var buffer = OutputBufferResponse.Parse(message, "CHANGE_NOTIFY");
        if (buffer.Length > requestedLength)
            throw new SmbProtocolException($"malformed CHANGE_NOTIFY response: {buffer.Length} bytes where at most {requestedLength} were allowed");
        return FileNotifyInformation.Parse(buffer);
    }
}
