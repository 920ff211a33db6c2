namespace SmbDrive.Dokan;

/// <summary>The Win32 view of one ZwCreateFile request, as <see cref="CreateFlagsMapper"/> computes it.</summary>
/// <param name="Access">Desired access with complete FILE_GENERIC_* groups folded into GENERIC_* bits.</param>
/// <param name="FileAttributesAndFlags">The request's FILE_ATTRIBUTE_* bits plus FILE_FLAG_* bits from the
/// kernel CreateOptions.</param>
/// <param name="CreationDisposition">Win32 disposition (CREATE_NEW 1 … TRUNCATE_EXISTING 5), 0 if unknown.
/// The values equal <see cref="FileMode"/>.</param>
public readonly record struct MappedCreateFlags(DokanFileAccess Access, uint FileAttributesAndFlags, uint CreationDisposition)
{
    /// <summary>The FILE_FLAG_* bits the mapper can produce (fileapi.h / winbase.h).</summary>
    public const uint FlagMask = CreateFlagsMapper.FlagWriteThrough | CreateFlagsMapper.FlagSequentialScan
        | CreateFlagsMapper.FlagRandomAccess | CreateFlagsMapper.FlagNoBuffering | CreateFlagsMapper.FlagOpenReparsePoint
        | CreateFlagsMapper.FlagDeleteOnClose | CreateFlagsMapper.FlagBackupSemantics | CreateFlagsMapper.FlagSessionAware;

    /// <summary>The disposition as a <see cref="FileMode"/>; 0 (not a defined member) when the kernel value was unknown.</summary>
    public FileMode Mode => (FileMode)CreationDisposition;

    /// <summary>The FILE_FLAG_* part, typed the way DokanNet hands it over (values outside <see cref="FileOptions"/>'s
    /// named members, such as backup semantics, pass through unchanged).</summary>
    public FileOptions Options => (FileOptions)unchecked((int)(FileAttributesAndFlags & FlagMask));

    /// <summary>The FILE_ATTRIBUTE_* part.</summary>
    public FileAttributes Attributes => (FileAttributes)unchecked((int)(FileAttributesAndFlags & ~FlagMask));
}
