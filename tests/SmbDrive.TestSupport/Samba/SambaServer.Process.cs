using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmbDrive.TestSupport;

/// <summary>Launching, watching and stopping the smbd process tree.</summary>
public sealed partial class SambaServer
{
    private const string SetsidPath = "/usr/bin/setsid";
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RebindWindow = TimeSpan.FromSeconds(10);

    private async Task StartOnFreePortAsync(Dictionary<string, string> global, IReadOnlyList<ResolvedShare> shares, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            _port = PortReservation.Acquire();
            await File.WriteAllTextAsync(ConfigPath, SambaConfig.Build(RootDirectory, _port.Port, global, shares), ct).ConfigureAwait(false);
            if (attempt == 1)
            {
                // The passdb path does not depend on the port, so one registration serves every attempt.
                foreach (var user in _users)
                {
                    await SambaAccounts.SetSambaPasswordAsync(ConfigPath, user, ct).ConfigureAwait(false);
                }
            }

            await LaunchAndWaitAsync(ct).ConfigureAwait(false);
            if (ProcessTable.CountLoopbackListeners(_port.Port) == 1)
            {
                return;
            }

            // smbd binds with SO_REUSEPORT, so a foreign listener on the same port would silently take half our connections.
            await TerminateAsync().ConfigureAwait(false);
            _port.Dispose();
            _port = null;
            if (attempt >= MaxPortAttempts)
            {
                throw new InvalidOperationException($"Every port tried for smbd was shared with another listener ({MaxPortAttempts} attempts).");
            }
        }
    }

    private async Task RestartOnSamePortAsync(CancellationToken ct)
    {
        var port = Port;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await LaunchAndWaitAsync(ct).ConfigureAwait(false);
                break;
            }
            catch (SambaStartException) when (deadline.Elapsed < RebindWindow)
            {
                // The old listener may not have let go of the port yet (e.g. TIME_WAIT after a crash).
                await TerminateAsync().ConfigureAwait(false);
                await Task.Delay(250, ct).ConfigureAwait(false);
            }
        }

        var listeners = ProcessTable.CountLoopbackListeners(port);
        if (listeners != 1)
        {
            await TerminateAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"After restarting, port {port} has {listeners} listeners instead of just smbd.");
        }
    }

    private async Task LaunchAndWaitAsync(CancellationToken ct)
    {
        var smbd = Launch();
        lock (_sync)
        {
            _smbd = smbd;
        }

        try
        {
            await WaitUntilListeningAsync(smbd, Port, ct).ConfigureAwait(false);
        }
        catch
        {
            await TerminateAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs smbd through sh only for the redirection: its output goes straight to a file, so no pipe can fill up and
    /// block it. exec keeps the pid, and setsid makes smbd lead its own process group, so one kill(-pid) reaches
    /// smbd and every child it forks.
    /// </summary>
    private Process Launch()
    {
        foreach (var stale in Directory.EnumerateFiles(Path.Combine(RootDirectory, "run"), "*.pid"))
        {
            File.Delete(stale);
        }

        var smbd = $"{SmbdPath} -s {ShellQuote(ConfigPath)} --foreground --debug-stdout -d1";
        var command = File.Exists(SetsidPath)
            ? $"exec {SetsidPath} {smbd} --no-process-group"
            : $"exec {smbd}"; // without --no-process-group smbd calls setsid() itself, a little later
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = RootDirectory,
        };
        foreach (var (name, value) in _environment)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add($"{command} </dev/null >>{ShellQuote(OutputLogPath)} 2>&1");
        return Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start /bin/sh for smbd.");
    }

    private async Task WaitUntilListeningAsync(Process smbd, int port, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (smbd.HasExited)
            {
                throw new SambaStartException($"smbd exited with code {smbd.ExitCode} before listening on port {port}.{LogTail()}");
            }

            if (clock.Elapsed > ListenTimeout)
            {
                throw new SambaStartException($"smbd did not accept connections on 127.0.0.1:{port} within {ListenTimeout.TotalSeconds:0} s.{LogTail()}");
            }

            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), attempt.Token).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The probe timed out; try again until the overall limit.
            }
        }
    }

    /// <summary>SIGTERM to everything of this server, SIGKILL to whatever is left after the grace period; reaps smbd.</summary>
    private async Task TerminateAsync()
    {
        Process? smbd;
        lock (_sync)
        {
            smbd = _smbd;
            _smbd = null;
        }

        SignalAll(smbd, PosixSignals.SigTerm);
        if (!await WaitUntilGoneAsync(smbd, StopGracePeriod).ConfigureAwait(false))
        {
            SignalAll(smbd, PosixSignals.SigKill);
            await WaitUntilGoneAsync(smbd, StopGracePeriod).ConfigureAwait(false);
        }

        smbd?.Dispose();
    }

    /// <summary>
    /// Signals smbd's process group and, by command line, the RPC helpers (samba-dcerpcd, rpcd_*) that smbd starts on
    /// demand in a session of their own, which the group signal would miss.
    /// </summary>
    private void SignalAll(Process? smbd, int signal)
    {
        if (smbd is not null)
        {
            PosixSignals.SendToGroup(smbd.Id, signal);
        }

        foreach (var pid in ProcessTable.FindByCommandLine(ConfigPath))
        {
            PosixSignals.Send(pid, signal);
        }
    }

    private async Task<bool> WaitUntilGoneAsync(Process? smbd, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!IsGone(smbd))
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return true;
    }

    private void WaitUntilGone(Process? smbd, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!IsGone(smbd) && clock.Elapsed < limit)
        {
            Thread.Sleep(20);
        }
    }

    private bool IsGone(Process? smbd) =>
        (smbd is null || smbd.HasExited) && ProcessTable.FindByCommandLine(ConfigPath).Count == 0;

    private string LogTail()
    {
        const int Lines = 40;
        var lines = ReadLog().Split('\n');
        return "\n--- smbd log (last lines) ---\n" + string.Join('\n', lines.Skip(Math.Max(0, lines.Length - Lines)));
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
