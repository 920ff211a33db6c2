namespace SmbDrive.Dokan;

/// <summary>Managed equivalent of DokanMapKernelToUserCreateFileFlags (dokany dokan/dokan.c; dokan-api.md §1.3):
/// pure bit logic, so no call into dokan2.dll per open and testable on any platform.</summary>
public static class CreateFlagsMapper
{
    // Win32 FILE_FLAG_* (winbase.h).
    public const uint FlagWriteThrough = 0x80000000;
    public const uint FlagNoBuffering = 0x20000000;
    public const uint FlagRandomAccess = 0x10000000;
    public const uint FlagSequentialScan = 0x08000000;
    public const uint FlagDeleteOnClose = 0x04000000;
    public const uint FlagBackupSemantics = 0x02000000;
    public const uint FlagSessionAware = 0x00800000;
    public const uint FlagOpenReparsePoint = 0x00200000;

    // Win32 creation dispositions (fileapi.h).
    public const uint CreateNew = 1, CreateAlways = 2, OpenExisting = 3, OpenAlways = 4, TruncateExisting = 5;

    private static readonly (NtCreateOptions Kernel, uint Win32)[] s_optionBits =
    [
        (NtCreateOptions.WriteThrough, FlagWriteThrough),
        (NtCreateOptions.SequentialOnly, FlagSequentialScan),
        (NtCreateOptions.RandomAccess, FlagRandomAccess),
        (NtCreateOptions.NoIntermediateBuffering, FlagNoBuffering),
        (NtCreateOptions.OpenReparsePoint, FlagOpenReparsePoint),
        (NtCreateOptions.DeleteOnClose, FlagDeleteOnClose),
        (NtCreateOptions.OpenForBackupIntent, FlagBackupSemantics),
        (NtCreateOptions.SessionAware, FlagSessionAware),
    ];

    private static readonly (DokanFileAccess Group, DokanFileAccess Generic)[] s_genericGroups =
    [
        (DokanFileAccess.FileGenericRead, DokanFileAccess.GenericRead),
        (DokanFileAccess.FileGenericWrite, DokanFileAccess.GenericWrite),
        (DokanFileAccess.FileGenericExecute, DokanFileAccess.GenericExecute),
        (DokanFileAccess.FileAllAccess, DokanFileAccess.GenericAll),
    ];

    public static MappedCreateFlags Map(uint desiredAccess, uint fileAttributes, uint createOptions, uint createDisposition) =>
        new(MapAccess(desiredAccess), MapAttributesAndFlags(fileAttributes, createOptions), MapDisposition(createDisposition));

    public static uint MapAttributesAndFlags(uint fileAttributes, uint createOptions)
    {
        uint result = fileAttributes;
        foreach (var (kernel, win32) in s_optionBits)
        {
            if ((createOptions & (uint)kernel) == (uint)kernel)
            {
                result |= win32;
            }
        }
        return result;
    }

    public static uint MapDisposition(uint createDisposition) => (NtCreateDisposition)createDisposition switch
    {
        NtCreateDisposition.Create => CreateNew,
        NtCreateDisposition.Open => OpenExisting,
        NtCreateDisposition.OpenIf => OpenAlways,
        NtCreateDisposition.Overwrite => TruncateExisting,
        NtCreateDisposition.Supersede or NtCreateDisposition.OverwriteIf => CreateAlways,
        _ => 0,
    };

    /// <summary>All groups are tested against the original mask before any bits are removed, as the library
    /// does: FILE_ALL_ACCESS therefore yields all four GENERIC bits and no specific ones.</summary>
    public static DokanFileAccess MapAccess(uint desiredAccess)
    {
        var access = (DokanFileAccess)desiredAccess;
        var remove = DokanFileAccess.None;
        foreach (var (group, generic) in s_genericGroups)
        {
            if ((access & group) == group)
            {
                access |= generic;
                remove |= group;
            }
        }
        return access & ~remove;
    }
}
