using SmbDrive.CommandLine;

namespace SmbDrive.MountHelper;

/// <summary>The command line mount(8) gives a helper (mount(8) "EXTERNAL HELPERS"):
/// <c>/sbin/mount.smbdrive SPEC DIR [-sfnv] [-N NAMESPACE] [-o OPTIONS] [-t TYPE]</c>.</summary>
internal sealed record MountHelperArguments(string Source, string MountPoint, IReadOnlyList<string> Options,
    bool Fake, bool Verbose, bool Sloppy)
{
    public static MountHelperArguments Parse(IReadOnlyList<string> args)
    {
        var operands = new List<string>();
        var options = new List<string>();
        bool fake = false, verbose = false, sloppy = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg.Length < 2 || arg[0] != '-')
            {
                operands.Add(arg);
                continue;
            }
            switch (arg[1])
            {
                case 'o':
                    options.AddRange(Split(arg.Length > 2 ? arg[2..] : Value(args, ref i, "-o")));
                    break;
                case 't':
                    string type = arg.Length > 2 ? arg[2..] : Value(args, ref i, "-t");
                    if (type != "smbdrive" && !type.StartsWith("smbdrive.", StringComparison.Ordinal))
                        throw new UsageException($"mount.smbdrive mounts type smbdrive, not '{type}'");
                    break;
                case 'N':
                    throw new UsageException("mount.smbdrive: -N (mount namespaces) is not supported");
                default:
                    foreach (char flag in arg[1..])
                    {
                        switch (flag)
                        {
                            case 's': sloppy = true; break;
                            case 'f': fake = true; break;
                            case 'n': break; // no /etc/mtab to write: the kernel's mount table is the only one
                            case 'v': verbose = true; break;
                            default: throw new UsageException($"mount.smbdrive: unknown flag -{flag}");
                        }
                    }
                    break;
            }
        }
        if (operands.Count != 2)
            throw new UsageException("usage: mount.smbdrive //HOST[:PORT]/SHARE MOUNTPOINT [-o OPTIONS] (or mount -t smbdrive ...)");
        return new MountHelperArguments(operands[0], operands[1], options, fake, verbose, sloppy);
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string flag)
    {
        if (i + 1 >= args.Count) throw new UsageException($"mount.smbdrive: {flag} needs a value");
        return args[++i];
    }

    private static IEnumerable<string> Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
