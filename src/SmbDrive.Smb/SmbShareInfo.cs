namespace SmbDrive.Smb;

/// <summary>One share as the server lists it (MS-SRVS 2.2.4.23 SHARE_INFO_1): name, type and comment.</summary>
public sealed record SmbShareInfo(string Name, uint Type, string Comment)
{
    /// <summary>STYPE_SPECIAL (MS-SRVS 2.2.2.4): an administrative share such as IPC$ or C$.</summary>
    public const uint SpecialFlag = 0x80000000;
    /// <summary>STYPE_TEMPORARY.</summary>
    public const uint TemporaryFlag = 0x40000000;

    public SmbShareKind Kind => (Type & 0x0FFFFFFF) switch
    {
        0 => SmbShareKind.Disk,
        1 => SmbShareKind.Printer,
        2 => SmbShareKind.Device,
        3 => SmbShareKind.Ipc,
        var other when (other & 0x0E000000) != 0 => SmbShareKind.Disk, // cluster file-system shares are disk shares
        _ => SmbShareKind.Other,
    };

    /// <summary>Hidden from browsing: a name ending in '$' (the Windows convention, which Samba follows too).</summary>
    public bool IsHidden => Name.EndsWith('$');

    public bool IsSpecial => (Type & SpecialFlag) != 0;
}

public enum SmbShareKind
{
    Disk,
    Printer,
    Device,
    Ipc,
    Other,
}
