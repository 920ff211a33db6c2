namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>Two mounts of the fixture's writable share, each with its own SMB session: two PCs on one share. Both
/// live for the whole fixture.</summary>
public abstract class TwoMounts
{
    private protected SambaMount A { get; private set; } = null!;
    private protected SambaMount B { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task MountBothAsync()
    {
        A = await SambaMount.StartAsync(SambaFuseFixture.Server, SambaFuseFixture.WritableShare);
        B = await SambaMount.StartAsync(SambaFuseFixture.Server, SambaFuseFixture.WritableShare);
    }

    [OneTimeTearDown]
    public async Task UnmountBothAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
    }
}
