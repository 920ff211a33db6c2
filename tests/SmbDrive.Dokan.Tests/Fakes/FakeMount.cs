using SmbDrive.Dokan.Tests.Simulation;

namespace SmbDrive.Dokan.Tests.Fakes;

/// <summary>A local tree, the drive over it, the callback layer and the simulated driver, wired as DokanHost wires
/// them on Windows.</summary>
public sealed class FakeMount : IDisposable
{
    public FakeMount(DokanDriveOptions? options = null, string shareName = "share", Func<IDokanFileSystem, IDokanFileSystem>? wrap = null,
        bool writable = false)
    {
        Tree = new LocalTree();
        Drive = new DirectoryBackedDrive(Tree.Root, shareName) { IsReadOnly = !writable };
        Dokan = new DokanDrive(Drive, options ?? new DokanDriveOptions(), Serilog.Core.Logger.None);
        FileSystem = wrap is null ? Dokan : wrap(Dokan);
        Driver = SimulatedDokanDriver.ForDrive(Drive, FileSystem, Serilog.Core.Logger.None);
    }

    public LocalTree Tree { get; }
    public DirectoryBackedDrive Drive { get; }
    public DokanDrive Dokan { get; }
    public IDokanFileSystem FileSystem { get; }
    public SimulatedDokanDriver Driver { get; }

    public void Dispose()
    {
        Driver.Dispose();
        Dokan.Dispose();
        Drive.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Tree.Dispose();
    }
}
