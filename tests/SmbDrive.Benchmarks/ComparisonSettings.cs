namespace SmbDrive.Benchmarks;

/// <summary>The command line of the end-to-end comparison. <c>--quick</c> is a smoke test of the harness
/// (64 MiB, one run, 2 s random cases): it runs every case in about a minute but measures nothing fairly.</summary>
internal sealed record ComparisonSettings(string SmbDrive, int Runs, long FileSize, int RandomSeconds, string? OutFile, bool Mount, bool Quick, bool WritesOnly = false, bool LocksOnly = false)
{
    public static ComparisonSettings Parse(string[] args)
    {
        string? smbdrive = null, outFile = null;
        int? runs = null, randomSeconds = null;
        long? size = null;
        bool mount = true, quick = false, writesOnly = false, locksOnly = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--smbdrive": smbdrive = Value(args, ++i); break;
                case "--runs": runs = int.Parse(Value(args, ++i)); break;
                case "--size-mb": size = long.Parse(Value(args, ++i)) << 20; break;
                case "--random-seconds": randomSeconds = int.Parse(Value(args, ++i)); break;
                case "--out": outFile = Value(args, ++i); break;
                case "--no-mount": mount = false; break;
                case "--quick": quick = true; break;
                case "--writes-only": writesOnly = true; break;
                case "--locks-only": locksOnly = true; break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        if (smbdrive is null || !File.Exists(smbdrive))
            throw new ArgumentException("--smbdrive PATH to the published smbdrive executable is required (run.sh does this)");
        var settings = new ComparisonSettings(smbdrive, runs ?? (quick ? 1 : 5), size ?? (quick ? 64L << 20 : 1L << 30),
            randomSeconds ?? (quick ? 2 : 6), outFile, mount, quick, writesOnly, locksOnly);
        if (settings.Runs < 1 || settings.FileSize < 1 << 20 || settings.RandomSeconds < 1)
            throw new ArgumentException("--runs and --random-seconds must be at least 1, --size-mb at least 1");
        if (writesOnly && locksOnly) throw new ArgumentException("--writes-only and --locks-only each run one section; give one of them");
        return settings;
    }

    private static string Value(string[] args, int i) =>
        i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
}
