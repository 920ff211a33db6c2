using System.ComponentModel;
using System.Diagnostics;
using SmbDrive.CommandLine;
using SmbDrive.Configuration;
using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary><c>mount --daemon</c> on Linux: starts this program again in a new session (setsid, so that a closed
/// terminal does not stop it) with the same arguments minus <c>--daemon</c>, hands it the password on its
/// standard input (never on its command line or in its environment), relays its standard error until it reports
/// the mount ready, then returns. When the child fails first, its exit code and error line are the result.</summary>
internal static class DaemonLauncher
{
    private static readonly string[] SetsidPaths = ["/usr/bin/setsid", "/bin/setsid"];

    public static async Task<int> StartAsync(CommandContext context, ResolvedCredentials credentials, string mountPoint,
        CancellationToken cancellationToken)
    {
        var start = CreateStartInfo(context, credentials, mountPoint);
        Process child;
        try
        {
            child = Process.Start(start) ?? throw new MountFailedException("could not start the background smbdrive process");
        }
        catch (Win32Exception e)
        {
            throw new MountFailedException($"could not start the background smbdrive process: {e.Message}");
        }
        using (child)
        {
            await HandOverPasswordAsync(child, credentials);
            var relayErrors = RelayAsync(child.StandardError, context.Environment.Error);
            var ready = WaitForReadyAsync(child.StandardOutput);
            var exited = child.WaitForExitAsync(CancellationToken.None);
            var timeout = TimeSpan.FromSeconds(context.SmbOptions.ConnectTimeoutSeconds + context.SmbOptions.RequestTimeoutSeconds + 15);

            var waiting = Task.Delay(timeout, cancellationToken);
            var first = await Task.WhenAny(ready, exited, waiting);
            if (first == ready && await ready)
            {
                context.Logger.Information("smbdrive is serving {MountPoint} in the background (pid {Pid})", mountPoint, child.Id);
                return ExitCodes.Success;
            }
            if (first == waiting)
            {
                child.Kill(entireProcessTree: true);
                await exited;
                await relayErrors;
                cancellationToken.ThrowIfCancellationRequested();
                throw new MountFailedException($"the mount on {mountPoint} was not ready within {timeout.TotalSeconds:0} s");
            }
            // The child closed its output or exited before mounting: it has reported why on its standard error.
            await exited;
            await relayErrors;
            return child.ExitCode == 0 ? ExitCodes.Failure : child.ExitCode;
        }
    }

    private static ProcessStartInfo CreateStartInfo(CommandContext context, ResolvedCredentials credentials, string mountPoint)
    {
        string self = Environment.ProcessPath ?? throw new MountFailedException("cannot find the smbdrive executable to start it in the background");
        string? setsid = SetsidPaths.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo(setsid ?? self)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A daemon must not keep the folder it was started from busy.
            WorkingDirectory = "/",
        };
        if (setsid is not null) start.ArgumentList.Add(self);
        // Under "dotnet smbdrive.dll" the process is the dotnet host: the dll comes first.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "smbdrive.dll")); // Assembly.Location is empty in a single-file build
        foreach (string arg in ChildArguments(context.Args, credentials, mountPoint, context.Environment.CurrentDirectory))
            start.ArgumentList.Add(arg);
        start.Environment[MountCommand.NotifyReadyVariable] = "1";
        return start;
    }

    /// <summary>The parent's arguments minus <c>--daemon</c>, with relative paths made absolute (the child runs in
    /// /) and <c>--password-stdin</c> when a password is handed over. Operands go last, after <c>--</c>.</summary>
    internal static IReadOnlyList<string> ChildArguments(ParsedArguments args, ResolvedCredentials credentials,
        string mountPoint, string currentDirectory)
    {
        var list = new List<string>();
        foreach (string name in args.OptionNames)
        {
            if (name is "daemon" or "password-stdin") continue;
            list.Add("--" + name);
            string? value = args.Value(name);
            if (value is null) continue;
            list.Add(name is "credentials" or "config" ? Path.GetFullPath(value, currentDirectory) : value);
        }
        if (credentials.HasPassword) list.Add("--password-stdin");
        list.AddRange(args.ConfigurationArguments);
        list.Add("--");
        list.Add(args.Command!);
        list.Add(args.Operands[0]);
        list.Add(Path.GetFullPath(mountPoint, currentDirectory));
        return list;
    }

    private static async Task HandOverPasswordAsync(Process child, ResolvedCredentials credentials)
    {
        try
        {
            if (credentials.HasPassword) await child.StandardInput.WriteAsync(credentials.Password + "\n");
            child.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited before reading; its exit code and error line tell why.
        }
    }

    private static async Task<bool> WaitForReadyAsync(StreamReader output)
    {
        try
        {
            while (await output.ReadLineAsync() is { } line)
            {
                if (line == MountCommand.ReadyLine) return true;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed under us: the same as end of output.
        }
        return false;
    }

    /// <summary>Copies the child's error lines until it closes them, or until this process ends after a success.</summary>
    private static async Task RelayAsync(StreamReader from, TextWriter to)
    {
        try
        {
            while (await from.ReadLineAsync() is { } line)
            {
                await to.WriteLineAsync(line);
                await to.FlushAsync();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Nothing more to relay.
        }
    }
}
