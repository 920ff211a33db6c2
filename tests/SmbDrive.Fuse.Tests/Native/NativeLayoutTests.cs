using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests.Native;

/// <summary>Pins every struct size, field offset and constant the binding relies on to what the installed headers
/// (fuse.h with FUSE_USE_VERSION 31, glibc) say: a C program prints them, the test compares with the C# layout.
/// Structs libfuse allocates and hands to us (fuse_file_info, fuse_config, fuse_conn_info, fuse_context) may be
/// longer in C (later releases append fields); structs we fill or allocate must be exactly as long.</summary>
[TestFixture]
public sealed class NativeLayoutTests
{
    private sealed record Check(string CExpression, long Actual, bool MayBeLongerInC = false);

    private static IReadOnlyList<Check> Checks()
    {
        var checks = new List<Check>();
        void Size<T>(string cType, bool mayBeLonger = false) =>
            checks.Add(new Check($"sizeof({cType})", Unsafe.SizeOf<T>(), mayBeLonger));
        void Fields<T>(string cType, params (string C, string CSharp)[] fields)
        {
            foreach (var (c, cs) in fields)
                checks.Add(new Check($"offsetof({cType}, {c})", Marshal.OffsetOf<T>(cs).ToInt64()));
        }
        void Constant(string c, long value) => checks.Add(new Check(c, value));

        Size<Timespec>("struct timespec");
        Fields<Timespec>("struct timespec", ("tv_sec", nameof(Timespec.Sec)), ("tv_nsec", nameof(Timespec.Nsec)));

        Size<Stat>("struct stat");
        Fields<Stat>("struct stat", ("st_dev", nameof(Stat.Dev)), ("st_ino", nameof(Stat.Ino)), ("st_nlink", nameof(Stat.Nlink)),
            ("st_mode", nameof(Stat.Mode)), ("st_uid", nameof(Stat.Uid)), ("st_gid", nameof(Stat.Gid)), ("st_rdev", nameof(Stat.Rdev)),
            ("st_size", nameof(Stat.Size)), ("st_blksize", nameof(Stat.Blksize)), ("st_blocks", nameof(Stat.Blocks)),
            ("st_atim", nameof(Stat.Atim)), ("st_mtim", nameof(Stat.Mtim)), ("st_ctim", nameof(Stat.Ctim)));

        Size<StatVfs>("struct statvfs");
        Fields<StatVfs>("struct statvfs", ("f_bsize", nameof(StatVfs.Bsize)), ("f_frsize", nameof(StatVfs.Frsize)),
            ("f_blocks", nameof(StatVfs.Blocks)), ("f_bfree", nameof(StatVfs.Bfree)), ("f_bavail", nameof(StatVfs.Bavail)),
            ("f_files", nameof(StatVfs.Files)), ("f_ffree", nameof(StatVfs.Ffree)), ("f_favail", nameof(StatVfs.Favail)),
            ("f_fsid", nameof(StatVfs.Fsid)), ("f_flag", nameof(StatVfs.Flag)), ("f_namemax", nameof(StatVfs.Namemax)));

        Size<FuseOperations>("struct fuse_operations");
        Fields<FuseOperations>("struct fuse_operations", OperationMembers.Select(c => (c, PascalCase(c))).ToArray());

        Size<FuseFileInfo>("struct fuse_file_info", mayBeLonger: true);
        Fields<FuseFileInfo>("struct fuse_file_info", ("flags", nameof(FuseFileInfo.Flags)), ("fh", nameof(FuseFileInfo.Fh)),
            ("lock_owner", nameof(FuseFileInfo.LockOwner)), ("poll_events", nameof(FuseFileInfo.PollEvents)));

        Size<FuseConfig>("struct fuse_config", mayBeLonger: true);
        Fields<FuseConfig>("struct fuse_config", ("set_gid", nameof(FuseConfig.SetGid)), ("gid", nameof(FuseConfig.Gid)),
            ("set_uid", nameof(FuseConfig.SetUid)), ("uid", nameof(FuseConfig.Uid)), ("set_mode", nameof(FuseConfig.SetMode)),
            ("umask", nameof(FuseConfig.Umask)), ("entry_timeout", nameof(FuseConfig.EntryTimeout)),
            ("negative_timeout", nameof(FuseConfig.NegativeTimeout)), ("attr_timeout", nameof(FuseConfig.AttrTimeout)),
            ("intr", nameof(FuseConfig.Intr)), ("intr_signal", nameof(FuseConfig.IntrSignal)), ("remember", nameof(FuseConfig.Remember)),
            ("hard_remove", nameof(FuseConfig.HardRemove)), ("use_ino", nameof(FuseConfig.UseIno)),
            ("readdir_ino", nameof(FuseConfig.ReaddirIno)), ("direct_io", nameof(FuseConfig.DirectIo)),
            ("kernel_cache", nameof(FuseConfig.KernelCache)), ("auto_cache", nameof(FuseConfig.AutoCache)),
            ("no_rofd_flush", nameof(FuseConfig.NoRofdFlush)), ("ac_attr_timeout_set", nameof(FuseConfig.AcAttrTimeoutSet)),
            ("ac_attr_timeout", nameof(FuseConfig.AcAttrTimeout)), ("nullpath_ok", nameof(FuseConfig.NullpathOk)),
            ("show_help", nameof(FuseConfig.ShowHelp)), ("modules", nameof(FuseConfig.Modules)), ("debug", nameof(FuseConfig.Debug)));

        Size<FuseConnInfo>("struct fuse_conn_info", mayBeLonger: true);
        Fields<FuseConnInfo>("struct fuse_conn_info", ("proto_major", nameof(FuseConnInfo.ProtoMajor)),
            ("proto_minor", nameof(FuseConnInfo.ProtoMinor)), ("max_write", nameof(FuseConnInfo.MaxWrite)),
            ("max_read", nameof(FuseConnInfo.MaxRead)), ("max_readahead", nameof(FuseConnInfo.MaxReadahead)),
            ("capable", nameof(FuseConnInfo.Capable)), ("want", nameof(FuseConnInfo.Want)),
            ("max_background", nameof(FuseConnInfo.MaxBackground)), ("congestion_threshold", nameof(FuseConnInfo.CongestionThreshold)),
            ("time_gran", nameof(FuseConnInfo.TimeGran)));

        Size<FuseContext>("struct fuse_context", mayBeLonger: true);
        Fields<FuseContext>("struct fuse_context", ("fuse", nameof(FuseContext.Fuse)), ("uid", nameof(FuseContext.Uid)),
            ("gid", nameof(FuseContext.Gid)), ("pid", nameof(FuseContext.Pid)), ("private_data", nameof(FuseContext.PrivateData)),
            ("umask", nameof(FuseContext.Umask)));

        Size<FuseArgs>("struct fuse_args");
        Fields<FuseArgs>("struct fuse_args", ("argc", nameof(FuseArgs.Argc)), ("argv", nameof(FuseArgs.Argv)),
            ("allocated", nameof(FuseArgs.Allocated)));

        Constant("FUSE_FILL_DIR_PLUS", LibFuse.FillDirPlus);
        Constant("FUSE_READDIR_PLUS", LibFuse.ReaddirPlus);
        Constant("O_ACCMODE", LibC.O_ACCMODE);
        Constant("O_WRONLY", LibC.O_WRONLY);
        Constant("O_RDWR", LibC.O_RDWR);
        Constant("O_CREAT", LibC.O_CREAT);
        Constant("O_TRUNC", LibC.O_TRUNC);
        Constant("O_APPEND", LibC.O_APPEND);
        Constant("W_OK", LibC.W_OK);
        Constant("X_OK", LibC.X_OK);
        Constant("S_IFDIR", LibC.S_IFDIR);
        Constant("S_IFREG", LibC.S_IFREG);
        Constant("ST_RDONLY", (long)LibC.ST_RDONLY);
        Constant("ENOTCONN", LibC.ENOTCONN);
        // errno values the callbacks return through StatusMap.
        Constant("EIO", StatusMap.EIO);
        Constant("ENOENT", StatusMap.ENOENT);
        Constant("EROFS", StatusMap.EROFS);
        Constant("EACCES", StatusMap.EACCES);
        Constant("EBADF", StatusMap.EBADF);
        Constant("EINVAL", StatusMap.EINVAL);
        Constant("ENOSYS", StatusMap.ENOSYS);
        Constant("ECANCELED", StatusMap.ECANCELED);
        return checks;
    }

    /// <summary>Members of struct fuse_operations in declaration order (fuse.h, libfuse 3.14).</summary>
    private static readonly string[] OperationMembers =
    [
        "getattr", "readlink", "mknod", "mkdir", "unlink", "rmdir", "symlink", "rename", "link", "chmod", "chown",
        "truncate", "open", "read", "write", "statfs", "flush", "release", "fsync", "setxattr", "getxattr", "listxattr",
        "removexattr", "opendir", "readdir", "releasedir", "fsyncdir", "init", "destroy", "access", "create", "lock",
        "utimens", "bmap", "ioctl", "poll", "write_buf", "read_buf", "flock", "fallocate", "copy_file_range", "lseek",
    ];

    private static string PascalCase(string cName) =>
        string.Concat(cName.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    [Test]
    public void Layout_EverySizeOffsetAndConstant_MatchesInstalledHeaders()
    {
        TestEnvironment.SkipUnless(RuntimeInformation.ProcessArchitecture == Architecture.X64,
            "the binding's struct stat is the x86-64 layout; FuseHost refuses other architectures");
        string? gcc = FindOnPath("gcc");
        TestEnvironment.SkipUnless(gcc != null, "gcc is not installed, so the C layout cannot be measured");
        TestEnvironment.SkipUnless(File.Exists("/usr/include/fuse3/fuse.h"), "libfuse3 headers are missing (apt-get install libfuse3-dev)");

        var checks = Checks();
        var measured = MeasureInC(gcc!, checks.Select(c => c.CExpression).ToList());

        Assert.Multiple(() =>
        {
            for (int i = 0; i < checks.Count; i++)
            {
                var check = checks[i];
                if (check.MayBeLongerInC)
                    Assert.That(check.Actual, Is.LessThanOrEqualTo(measured[i]), check.CExpression);
                else
                    Assert.That(check.Actual, Is.EqualTo(measured[i]), check.CExpression);
            }
        });
    }

    [Test]
    public void Layout_StatAndOperations_HaveTheDocumentedX64Sizes()
    {
        // Independent of gcc: the sizes the doc comments promise (glibc x86-64 stat 144, statvfs 112; 42 operations).
        Assert.Multiple(() =>
        {
            Assert.That(Unsafe.SizeOf<Stat>(), Is.EqualTo(144));
            Assert.That(Unsafe.SizeOf<StatVfs>(), Is.EqualTo(112));
            Assert.That(Unsafe.SizeOf<FuseOperations>(), Is.EqualTo(42 * 8));
            Assert.That(Unsafe.SizeOf<FuseConnInfo>(), Is.EqualTo(128));
            Assert.That(Marshal.OffsetOf<FuseFileInfo>(nameof(FuseFileInfo.Fh)).ToInt32(), Is.EqualTo(16));
        });
    }

    private static IReadOnlyList<long> MeasureInC(string gcc, IReadOnlyList<string> expressions)
    {
        string directory = Directory.CreateTempSubdirectory("fuse-layout-").FullName;
        try
        {
            var source = new StringBuilder();
            source.AppendLine($"#define FUSE_USE_VERSION {LibFuse.ApiVersion}");
            source.AppendLine("#include <fuse.h>");
            source.AppendLine("#include <errno.h>\n#include <fcntl.h>\n#include <unistd.h>\n#include <stddef.h>\n#include <stdio.h>");
            source.AppendLine("#include <sys/stat.h>\n#include <sys/statvfs.h>\n#include <time.h>");
            source.AppendLine("int main(void) {");
            foreach (var expression in expressions)
                source.AppendLine($"    printf(\"%ld\\n\", (long)({expression}));");
            source.AppendLine("    return 0;\n}");
            string cFile = Path.Combine(directory, "layout.c");
            string exe = Path.Combine(directory, "layout");
            File.WriteAllText(cFile, source.ToString());

            var (compileCode, _, compileErrors) = Run(gcc, "-Wall", "-I/usr/include/fuse3", "-o", exe, cFile);
            Assert.That(compileCode, Is.EqualTo(0), "gcc failed:\n" + compileErrors);
            var (runCode, output, runErrors) = Run(exe);
            Assert.That(runCode, Is.EqualTo(0), runErrors);

            var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
            Assert.That(values, Has.Count.EqualTo(expressions.Count), "one printed value per expression");
            return values;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int ExitCode, string Output, string Errors) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.GetAwaiter().GetResult());
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
