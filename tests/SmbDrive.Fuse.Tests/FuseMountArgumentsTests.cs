namespace SmbDrive.Fuse.Tests;

[TestFixture]
public sealed class FuseMountArgumentsTests
{
    [Test]
    public void Build_Defaults_PassFsNameSubtypeAndMaxRead()
    {
        var arguments = FuseMountArguments.Build(new FuseMountOptions(), "//host/share");

        Assert.That(arguments, Is.EqualTo(new[] { "smbdrive", "-o", "fsname=//host/share,subtype=smbdrive,max_read=1048576" }));
    }

    [Test]
    public void Build_AllowOtherAndDebug_AreAdded()
    {
        var arguments = FuseMountArguments.Build(new FuseMountOptions { AllowOther = true, Debug = true }, "//h/s");

        Assert.That(arguments[2], Does.EndWith(",allow_other,debug"));
    }

    [Test]
    public void Build_CommaAndBackslashInFsName_AreEscapedForFuseOpt()
    {
        var arguments = FuseMountArguments.Build(new FuseMountOptions(), @"//h/a,b\c");

        Assert.That(arguments[2], Does.StartWith(@"fsname=//h/a\,b\\c,subtype="));
    }

    [TestCase(@"\server\share", "//server/share")]
    [TestCase(@"\\server\share", "//server/share")]
    [TestCase("", "smbdrive")]
    public void FsNameFromUnc_DriveUncName_BecomesSlashForm(string unc, string expected)
    {
        Assert.That(FuseMountArguments.FsNameFromUnc(unc), Is.EqualTo(expected));
    }
}
