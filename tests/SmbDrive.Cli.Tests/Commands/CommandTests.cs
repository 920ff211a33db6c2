using System.Text;
using SmbDrive.Cli.Tests.Fakes;
using SmbDrive.CommandLine;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Commands;

/// <summary>ls, cat and get through Program.RunAsync against an in-memory share.</summary>
public class CommandTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("smbdrive-cmd-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private TestConsole Console() => new() { CurrentDirectory = _folder };

    private static byte[] Bytes(int length)
    {
        var data = new byte[length];
        new Random(7).NextBytes(data);
        return data;
    }

    [Test]
    public async Task Ls_Folder_ListsItsEntriesSortedOneLineEach()
    {
        var console = Console();
        console.Share.AddFolder("docs").AddFile(@"docs\b.txt", Bytes(10)).AddFile(@"docs\A.txt", Bytes(2)).AddFolder(@"docs\sub");

        int code = await console.RunAsync("ls", "//server/share/docs", "--guest");

        Assert.That(code, Is.Zero);
        Assert.That(console.StdoutText, Is.EqualTo(
            "-  2 2026-11-23T20:15:03Z A.txt\n- 10 2026-11-23T20:15:03Z b.txt\nd  0 2026-11-23T20:15:03Z sub\n"));
        Assert.That(console.StderrText, Is.Empty);
        Assert.That(console.Share.Disposed, Is.True);
    }

    [Test]
    public async Task Ls_File_ListsThatOneFile()
    {
        var console = Console();
        console.Share.AddFile("one.bin", Bytes(3));

        int code = await console.RunAsync("ls", "//server/share/one.bin", "--guest");

        Assert.That(code, Is.Zero);
        Assert.That(console.StdoutText, Is.EqualTo("- 3 2026-11-23T20:15:03Z one.bin\n"));
    }

    [Test]
    public async Task Ls_MissingPath_ExitsOneWithTheStatusLine()
    {
        var console = Console();

        int code = await console.RunAsync("ls", "//server/share/nope", "--guest");

        Assert.That(code, Is.EqualTo(ExitCodes.Failure));
        Assert.That(console.StderrText, Is.EqualTo(@"smbdrive: \\server\share\nope: STATUS_OBJECT_NAME_NOT_FOUND" + Environment.NewLine));
        Assert.That(console.StdoutText, Is.Empty);
    }

    [Test]
    public async Task Cat_File_WritesItsBytesUnchanged()
    {
        byte[] data = Bytes(300_000);
        var console = Console();
        console.Share.AddFile(@"dir\data.bin", data);

        int code = await console.RunAsync("cat", "//server/share/dir/data.bin", "--guest");

        Assert.That(code, Is.Zero);
        Assert.That(console.Stdout.ToArray(), Is.EqualTo(data));
        Assert.That(console.Share.OpenedFiles.Single().Disposed, Is.True);
    }

    [Test]
    public async Task Cat_Folder_FailsWithFileIsADirectory()
    {
        var console = Console();
        console.Share.AddFolder("dir");

        int code = await console.RunAsync("cat", "//server/share/dir", "--guest");

        Assert.That(code, Is.EqualTo(ExitCodes.Failure));
        Assert.That(console.StderrText, Does.Contain("STATUS_FILE_IS_A_DIRECTORY"));
    }

    [Test]
    public async Task Get_ToLocalFile_WritesTheBytesAndLeavesNoPartFile()
    {
        byte[] data = Bytes(200_000);
        var time = new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        var console = Console();
        console.Share.AddFile("a.bin", data, time);

        int code = await console.RunAsync("get", "//server/share/a.bin", "out.bin", "--guest");

        Assert.That(code, Is.Zero);
        string target = Path.Combine(_folder, "out.bin");
        Assert.That(File.ReadAllBytes(target), Is.EqualTo(data));
        Assert.That(File.GetLastWriteTimeUtc(target), Is.EqualTo(time));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { target }));
        Assert.That(console.StdoutText, Is.Empty);
    }

    [Test]
    public async Task Get_ToExistingFolder_KeepsTheRemoteName()
    {
        var console = Console();
        console.Share.AddFile(@"x\report.pdf", Bytes(5));
        Directory.CreateDirectory(Path.Combine(_folder, "in"));

        int code = await console.RunAsync("get", @"\\server\share\x\report.pdf", "in", "--guest");

        Assert.That(code, Is.Zero);
        Assert.That(File.Exists(Path.Combine(_folder, "in", "report.pdf")), Is.True);
    }

    [Test]
    public async Task Get_Dash_WritesToStandardOutput()
    {
        byte[] data = Bytes(1234);
        var console = Console();
        console.Share.AddFile("a.bin", data);

        int code = await console.RunAsync("get", "//server/share/a.bin", "-", "--guest");

        Assert.That(code, Is.Zero);
        Assert.That(console.Stdout.ToArray(), Is.EqualTo(data));
        Assert.That(Directory.GetFileSystemEntries(_folder), Is.Empty);
    }

    [Test]
    public async Task Get_ReadFailsHalfway_LeavesNeitherFinalNorPartFile()
    {
        var console = Console();
        console.Share.AddFile("big.bin", Bytes(20 * 1024 * 1024));
        console.Share.ConfigureFile = f => f.FailAt = (8 * 1024 * 1024, new SmbConnectionException(@"\\server: connection reset"));
        string existing = Path.Combine(_folder, "big.bin");
        File.WriteAllText(existing, "previous version");

        int code = await console.RunAsync("get", "//server/share/big.bin", "big.bin", "--guest");

        Assert.That(code, Is.EqualTo(ExitCodes.Connection));
        Assert.That(console.StderrText, Is.EqualTo(@"smbdrive: \\server: connection reset" + Environment.NewLine));
        Assert.That(File.ReadAllText(existing), Is.EqualTo("previous version"), "the final name is untouched");
        Assert.That(File.Exists(existing + ".part"), Is.False);
    }

    [Test]
    public async Task Get_MissingRemoteFile_CreatesNoLocalFile()
    {
        var console = Console();

        int code = await console.RunAsync("get", "//server/share/nope.txt", "nope.txt", "--guest");

        Assert.That(code, Is.EqualTo(ExitCodes.Failure));
        Assert.That(console.StderrText, Does.Contain("STATUS_OBJECT_NAME_NOT_FOUND"));
        Assert.That(Directory.GetFileSystemEntries(_folder), Is.Empty);
    }

    [Test]
    public async Task Get_MissingLocalFolder_FailsBeforeConnecting()
    {
        var console = Console();

        int code = await console.RunAsync("get", "//server/share/a.bin", "no/such/dir/a.bin", "--guest");

        Assert.That(code, Is.EqualTo(ExitCodes.Failure));
        Assert.That(console.Connections, Is.Empty);
        Assert.That(console.StderrText, Does.Contain("no such folder"));
    }

    [Test]
    public async Task Get_ErrorIsATerminal_DrawsAProgressBarOnStandardError()
    {
        var console = Console();
        console.IsErrorRedirected = false;
        console.Share.AddFile("a.bin", Bytes(100));

        int code = await console.RunAsync("get", "//server/share/a.bin", "a.bin", "--guest");

        Assert.That(code, Is.Zero);
        Assert.That(console.StderrText, Does.StartWith("\ra.bin 100% [########################] 100 B / 100 B"));
        Assert.That(console.StderrText, Does.EndWith("\n"));
    }

    [Test]
    public async Task Get_ErrorRedirected_DrawsNoProgress()
    {
        var console = Console();
        console.Share.AddFile("a.bin", Bytes(100));

        await console.RunAsync("get", "//server/share/a.bin", "a.bin", "--guest");

        Assert.That(console.StderrText, Is.Empty);
    }

    [Test]
    public void FormatBytes_Units_AreBinary()
    {
        Assert.That(SmbDrive.Commands.ProgressBar.FormatBytes(1023), Is.EqualTo("1023 B"));
        Assert.That(SmbDrive.Commands.ProgressBar.FormatBytes(1536), Is.EqualTo("1.5 KiB"));
        Assert.That(SmbDrive.Commands.ProgressBar.FormatBytes(3L << 30), Is.EqualTo("3.0 GiB"));
    }

    [Test]
    public void Encoding_NonAsciiNames_AreWrittenAsUtf8()
    {
        var console = Console();
        console.Share.AddFile("größe.txt", Bytes(1));

        Assert.That(console.RunAsync("ls", "//server/share/größe.txt", "--guest").Result, Is.Zero);
        Assert.That(console.Stdout.ToArray(), Is.EqualTo(Encoding.UTF8.GetBytes("- 1 2026-11-23T20:15:03Z größe.txt\n")));
    }
}
