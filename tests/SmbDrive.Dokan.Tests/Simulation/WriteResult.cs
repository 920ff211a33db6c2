namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>WriteFile's status and the byte count it reported.</summary>
public readonly record struct WriteResult(int Status, uint Written)
{
    public SmbDrive.Vfs.VfsStatus VfsStatus => (SmbDrive.Vfs.VfsStatus)(uint)Status;
}
