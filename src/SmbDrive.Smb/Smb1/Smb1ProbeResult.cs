namespace SmbDrive.Smb.Smb1;

/// <summary>What a server chose from a multi-protocol negotiate offering NT LM 0.12, SMB 2.002 and SMB 2.???.</summary>
public enum Smb1ProbeResult
{
    /// <summary>The server answered in SMB2: connect with the SMB2/3 client.</summary>
    Smb2,
    /// <summary>The server picked NT LM 0.12 although SMB2 was offered: it speaks only SMB1.</summary>
    Smb1,
}
