using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests;

[TestFixture]
public sealed class FuseHandleTableTests
{
    private static VfsHandle Handle(long id) => new(id, "f" + id, new VfsFileInfo
    {
        Name = "f",
        IsDirectory = false,
        Size = 0,
        Attributes = FileAttributes.Normal,
        CreationTimeUtc = DateTime.UnixEpoch,
        LastAccessTimeUtc = DateTime.UnixEpoch,
        LastWriteTimeUtc = DateTime.UnixEpoch,
        ChangeTimeUtc = DateTime.UnixEpoch,
    });

    [Test]
    public void Add_TwoHandles_GetsDistinctNonZeroKeys()
    {
        var table = new FuseHandleTable();

        ulong first = table.Add(Handle(1));
        ulong second = table.Add(Handle(2));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.Zero);
            Assert.That(second, Is.Not.EqualTo(first));
            Assert.That(table.Get(first)!.Handle.Id, Is.EqualTo(1));
            Assert.That(table.Get(second)!.Handle.Id, Is.EqualTo(2));
        });
    }

    [Test]
    public void Remove_ThenGetOrAddAgain_NeverReusesTheKey()
    {
        var table = new FuseHandleTable();
        ulong key = table.Add(Handle(1));

        var removed = table.Remove(key);
        ulong next = table.Add(Handle(2));

        Assert.Multiple(() =>
        {
            Assert.That(removed!.Handle.Id, Is.EqualTo(1));
            Assert.That(table.Get(key), Is.Null);
            Assert.That(table.Remove(key), Is.Null);
            Assert.That(next, Is.Not.EqualTo(key));
        });
    }

    [Test]
    public void Get_ZeroOrUnknownKey_IsNull()
    {
        var table = new FuseHandleTable();

        Assert.Multiple(() =>
        {
            Assert.That(table.Get(0), Is.Null);
            Assert.That(table.Get(12345), Is.Null);
        });
    }

    [Test]
    public void RemoveAll_ReturnsEveryEntryAndEmptiesTheTable()
    {
        var table = new FuseHandleTable();
        table.Add(Handle(1));
        table.Add(Handle(2));

        var removed = table.RemoveAll();

        Assert.Multiple(() =>
        {
            Assert.That(removed.Select(e => e.Handle.Id), Is.EquivalentTo(new[] { 1L, 2L }));
            Assert.That(table.Count, Is.Zero);
        });
    }
}
