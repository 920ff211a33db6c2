using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>ZwCreateFile's status and, when the library counts it as an open, the open it keeps.</summary>
public readonly record struct CreateResult(int Status, SimulatedOpen? Open)
{
    public VfsStatus VfsStatus => (VfsStatus)(uint)Status;
}
