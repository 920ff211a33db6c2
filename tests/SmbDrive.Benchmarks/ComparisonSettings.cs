namespace SmbDrive.Benchmarks;

internal sealed record ComparisonSettings(string SmbDrive, int Runs, long FileSize, string? OutFile, bool Mount)
{
    public static ComparisonSettings Parse(string[] args)
    {
        string? smbdrive = null, outFile = null;
        int runs = 5;
        long size = 1L << 30;
        bool mount = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--smbdrive": smbdrive = args[++i]; break;
                case "--runs": runs = int.Parse(args[++i]); break;
                case "--size-mb": size = long.Parse(args[++i]) << 20; break;
                case "--out": outFile = args[++i]; break;
                case "--no-mount": mount = false; break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        if (smbdrive is null || !File.Exists(smbdrive))
            throw new ArgumentException("--smbdrive PATH to the published smbdrive executable is required (run.sh does this)");
        return new ComparisonSettings(smbdrive, runs, size, outFile, mount);
    }
}
