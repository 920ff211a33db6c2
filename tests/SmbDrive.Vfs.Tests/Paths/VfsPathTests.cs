using SmbDrive.Vfs.Paths;

namespace SmbDrive.Vfs.Tests.Paths;

public class VfsPathTests
{
    [TestCase("", "")]
    [TestCase("/", "")]
    [TestCase("\\", "")]
    [TestCase("a", "a")]
    [TestCase("/a/b/c.txt", @"a\b\c.txt")]
    [TestCase(@"\a\b\c.txt", @"a\b\c.txt")]
    [TestCase(@"a/b\c", @"a\b\c")]
    [TestCase(@"a//b\\c/", @"a\b\c")]
    [TestCase("./a/./b", @"a\b")]
    [TestCase("Mixed Case/Ünïcode.TXT", @"Mixed Case\Ünïcode.TXT")]
    [TestCase("..a/b..", @"..a\b..")]
    public void TryNormalize_ValidPath_GivesBackslashFormWithoutOuterSeparators(string input, string expected)
    {
        Assert.That(VfsPath.TryNormalize(input, out string normalized), Is.True);
        Assert.That(normalized, Is.EqualTo(expected));
    }

    [TestCase("..")]
    [TestCase("/../etc/passwd")]
    [TestCase(@"a\..\..\b")]
    [TestCase("a/../b")]
    [TestCase("a/*")]
    [TestCase("a?b")]
    [TestCase("a\0b")]
    public void TryNormalize_EscapeOrWildcard_Fails(string input)
    {
        Assert.That(VfsPath.TryNormalize(input, out _), Is.False);
    }

    [Test]
    public void TryNormalize_AlreadyNormalized_ReturnsSameInstance()
    {
        string path = @"dir\sub\file.txt";
        Assert.That(VfsPath.TryNormalize(path, out string normalized), Is.True);
        Assert.That(normalized, Is.SameAs(path));
    }

    [TestCase("", "", "")]
    [TestCase("a", "", "a")]
    [TestCase(@"a\b", "a", "b")]
    [TestCase(@"a\b\c.txt", @"a\b", "c.txt")]
    public void ParentAndName_SplitAtLastSeparator(string path, string parent, string name)
    {
        Assert.That(VfsPath.Parent(path), Is.EqualTo(parent));
        Assert.That(VfsPath.Name(path), Is.EqualTo(name));
        if (path.Length > 0) Assert.That(VfsPath.Combine(parent, name), Is.EqualTo(path));
    }
}
