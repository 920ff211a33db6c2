namespace SmbDrive.CommandLine;

/// <summary>Which commands accept an option: every command, those that connect to a share, mount, ls or unmount only.</summary>
[Flags]
internal enum OptionScope
{
    Global = 1,
    Connection = 2,
    Mount = 4,
    /// <summary>ls only.</summary>
    Listing = 8,
    /// <summary>unmount only.</summary>
    Unmount = 16,
    /// <summary>rm only.</summary>
    Remove = 32,
}
