namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_SESSION_SETUP_ANDX response with extended security (MS-SMB 2.2.4.6.2).</summary>
/// <remarks>Words (4): 0 AndX(4) 4 Action(2) 6 SecurityBlobLength(2). Bytes: SecurityBlob, Pad, NativeOS, NativeLanMan.</remarks>
internal sealed class SessionSetupAndXResponse
{
    /// <summary>SMB_SETUP_GUEST: the server logged the user on as guest.</summary>
    public const ushort ActionGuest = 0x0001;

    private SessionSetupAndXResponse(ushort action, byte[] securityBlob)
    {
        Action = action;
        SecurityBlob = securityBlob;
    }

    public ushort Action { get; }
    public byte[] SecurityBlob { get; }
    public bool IsGuest => (Action & ActionGuest) != 0;

    public static SessionSetupAndXResponse Parse(ReadOnlySpan<byte> message)
    {
        var reader = new Smb1Reader(message, "SESSION_SETUP_ANDX");
        reader.RequireWords(4);
        ushort blobLength = reader.U16(6);
        if (blobLength > reader.ByteCount) throw reader.Malformed($"SecurityBlobLength {blobLength} exceeds ByteCount {reader.ByteCount}");
        return new SessionSetupAndXResponse(reader.U16(4), reader.Bytes[..blobLength].ToArray());
    }
}
