namespace SmbDrive.CommandLine;

/// <summary>Which commands accept an option: every command, those that connect to a share, or mount only.</summary>
[Flags]
internal enum OptionScope
{
    Global = 1,
    Connection = 2,
    Mount = 4,
    /// <summary>rm only.</summary>
    Remove = 8,
}
