namespace SmbDrive.Fuse.Tests;

[TestFixture]
public sealed class HiddenFileParkingTests
{
    [TestCase("/dir/.fuse_hidden0000000300000001", "/.fuse_hidden0000000300000001")]
    [TestCase("/a/b/c/.fuse_hiddenX", "/.fuse_hiddenX")]
    [TestCase("/.fuse_hidden0000000300000001", null)] // already in the root folder
    [TestCase("/dir/report.docx", null)]
    [TestCase("/dir/x.fuse_hidden", null)]
    public void ParkingPathOf_OnlyLibfusesHiddenNamesOutsideTheRoot(string target, string? expected) =>
        Assert.That(HiddenFileParking.ParkingPathOf(target), Is.EqualTo(expected));

    [Test]
    public void Resolve_ParkedName_IsItsPathOnTheShare_UntilForgotten()
    {
        var parking = new HiddenFileParking();
        parking.Park("/dir/.fuse_hiddenA", "/.fuse_hiddenA");

        Assert.That(parking.Resolve("/dir/.fuse_hiddenA"), Is.EqualTo("/.fuse_hiddenA"));
        Assert.That(parking.Resolve("/dir/other"), Is.EqualTo("/dir/other"));
        parking.Forget("/dir/.fuse_hiddenA");
        Assert.That(parking.Resolve("/dir/.fuse_hiddenA"), Is.EqualTo("/dir/.fuse_hiddenA"));
    }

    [Test]
    public void ForgetParked_FindsTheFileByItsPathOnTheShare_InTheDrivesForm()
    {
        var parking = new HiddenFileParking();
        parking.Park("/dir/.fuse_hiddenA", "/.fuse_hiddenA");
        parking.Park("/dir/.fuse_hiddenB", "/.fuse_hiddenB");

        Assert.That(parking.ForgetParked("dir\\.fuse_hiddenA"), Is.Null, "a path that is not a parked file");
        Assert.That(parking.ForgetParked(".fuse_hiddenA"), Is.EqualTo("/.fuse_hiddenA"));
        Assert.That(parking.ForgetParked(".fuse_hiddenA"), Is.Null, "forgotten once");
        Assert.That(parking.ForgetAll(), Is.EqualTo(new[] { "/.fuse_hiddenB" }));
        Assert.That(parking.ForgetAll(), Is.Empty);
    }
}
