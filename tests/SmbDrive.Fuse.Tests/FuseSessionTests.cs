namespace SmbDrive.Fuse.Tests;

[TestFixture]
public sealed class FuseSessionTests
{
    [Test]
    public void FuseControlAbortPath_Device_IsTheKernelDevTNumber()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FuseSession.FuseControlAbortPath("0:52"), Is.EqualTo("/sys/fs/fuse/connections/52/abort"));
            Assert.That(FuseSession.FuseControlAbortPath("1:2"), Is.EqualTo($"/sys/fs/fuse/connections/{(1 << 20) | 2}/abort"));
            Assert.That(FuseSession.FuseControlAbortPath("bad"), Is.Null);
            Assert.That(FuseSession.FuseControlAbortPath("-1:2"), Is.Null);
        });
    }
}
