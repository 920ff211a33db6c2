namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>One WIN32_FIND_DATAW as the simulated driver received it through PFillFindData.</summary>
public sealed record FindEntry(string Name, string AlternateName, FileAttributes Attributes, long Size,
    long CreationTime, long LastAccessTime, long LastWriteTime)
{
    public bool IsDirectory => Attributes.HasFlag(FileAttributes.Directory);
}
