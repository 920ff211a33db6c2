namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_NT_CANCEL request (MS-CIFS 2.2.4.65.1): no words, no bytes. The header names the request to
/// cancel: it carries that request's UID, TID, PID and MID. The server sends no response to it; the cancelled
/// request's own response tells the outcome.</summary>
internal sealed class NtCancelRequest : ISmb1Request
{
    public static NtCancelRequest Instance { get; } = new();

    private NtCancelRequest()
    {
    }

    public Smb1Command Command => Smb1Command.NtCancel;

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(0, 0);

    public void WriteBody(Span<byte> message, Smb1Strings strings) => Smb1Layout.Begin(message, 0, 0);
}
