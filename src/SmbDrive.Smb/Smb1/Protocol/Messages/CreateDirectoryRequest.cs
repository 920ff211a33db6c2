namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_CREATE_DIRECTORY request (MS-CIFS 2.2.4.1.1): no words; bytes 0x04 and the directory name.
/// An existing name gives STATUS_OBJECT_NAME_COLLISION. The response has neither words nor bytes.</summary>
internal sealed class CreateDirectoryRequest(string sharePath) : ISmb1Request
{
    public Smb1Command Command => Smb1Command.CreateDirectory;

    private static int NamesStart => Smb1Layout.BytesOffset(0);

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(0, Smb1PathStrings.Size(strings, NamesStart, sharePath));

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        Smb1Layout.Begin(message, 0, Smb1PathStrings.Size(strings, NamesStart, sharePath));
        Smb1PathStrings.Write(message, strings, NamesStart, sharePath);
    }
}
