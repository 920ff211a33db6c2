namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>The arguments of one ZwCreateFile as the I/O manager sends them.</summary>
public readonly record struct CreateArgs(uint DesiredAccess, uint ShareAccess, uint Disposition, uint CreateOptions, uint FileAttributes = 0)
{
    public CreateArgs WithOptions(uint createOptions) => this with { CreateOptions = createOptions };
}
