using SmbDrive.CommandLine;

namespace SmbDrive.MountHelper;

/// <summary>The Linux mount helper: what <c>mount -t smbdrive</c> (and so an /etc/fstab line) runs, as
/// <c>/sbin/mount.smbdrive</c> (installed by <c>smbdrive install-mount-helper</c>) or as this executable called
/// by that name. It translates the mount options into <c>smbdrive mount --daemon</c> and runs it: the mount
/// goes on in a background process that logs to syslog or a file, and the helper returns once it is ready.</summary>
internal static class MountHelperCommand
{
    public const string Name = "mount.smbdrive";

    /// <summary>Exit codes mount(8) documents: 1 incorrect invocation, 32 mount failure.</summary>
    private const int MountUsage = 1, MountFailure = 32;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> translated;
        MountHelperArguments request;
        try
        {
            request = MountHelperArguments.Parse(args);
            translated = new MountOptionTranslator(new UserDatabase(), File.Exists).Translate(request, environment.CurrentDirectory);
        }
        catch (UsageException e)
        {
            FailureReporter.Report(e, environment.Error, verbose: false);
            return MountUsage;
        }
        if (request.Fake) return ExitCodes.Success; // -f: check the options, mount nothing
        int code = await Program.RunAsync(translated, environment, cancellationToken);
        return code switch
        {
            ExitCodes.Success => ExitCodes.Success,
            ExitCodes.Usage => MountUsage,
            _ => MountFailure,
        };
    }
}
