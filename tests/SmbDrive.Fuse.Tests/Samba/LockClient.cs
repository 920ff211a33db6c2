using System.Diagnostics;
using System.Runtime.InteropServices;
using SmbDrive.Fuse.Tests.EndToEnd;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>A separate process (python3) that holds descriptors and takes fcntl locks on command, one line per
/// command and one line per answer, so that tests can interleave what two "PCs" do. The answers are what the system
/// calls returned: "ok", an errno name (EAGAIN, EACCES, EINTR), or for getlk "unlocked" / "rdlck START LEN PID" /
/// "wrlck START LEN PID".</summary>
internal sealed class LockClient : IDisposable
{
    private const string Script = """
        import errno, fcntl, os, signal, struct, sys
        fds = {}
        def interrupted(*_):
            # Raising is what makes the EINTR visible: Python retries a system call after a handler that returns.
            raise InterruptedError(errno.EINTR, 'interrupted')
        signal.signal(signal.SIGUSR1, interrupted)
        def flock(t, start, length):
            return struct.pack('hhqqi4x', t, 0, start, length, 0)
        kinds = {'rd': fcntl.F_RDLCK, 'wr': fcntl.F_WRLCK, 'un': fcntl.F_UNLCK}
        print('ready', flush=True)
        for line in sys.stdin:
            words = line.split()
            try:
                if words[0] == 'open':
                    fds[words[1]] = os.open(words[2], os.O_RDWR)
                    answer = 'ok'
                elif words[0] == 'close':
                    os.close(fds.pop(words[1]))
                    answer = 'ok'
                elif words[0] in ('lock', 'lockw'):
                    cmd = fcntl.F_SETLKW if words[0] == 'lockw' else fcntl.F_SETLK
                    fcntl.fcntl(fds[words[1]], cmd, flock(kinds[words[2]], int(words[3]), int(words[4])))
                    answer = 'ok'
                elif words[0] == 'getlk':
                    got = fcntl.fcntl(fds[words[1]], fcntl.F_GETLK, flock(kinds[words[2]], int(words[3]), int(words[4])))
                    t, _, start, length, pid = struct.unpack('hhqqi4x', got)
                    answer = 'unlocked' if t == fcntl.F_UNLCK else f"{'rdlck' if t == fcntl.F_RDLCK else 'wrlck'} {start} {length} {pid}"
                elif words[0] == 'pread':
                    answer = os.pread(fds[words[1]], int(words[3]), int(words[2])).decode('latin-1')
                elif words[0] == 'pwrite':
                    os.pwrite(fds[words[1]], words[3].encode('latin-1'), int(words[2]))
                    answer = 'ok'
                elif words[0] == 'pid':
                    answer = str(os.getpid())
                else:
                    answer = 'unknown command'
            except OSError as e:
                answer = errno.errorcode.get(e.errno, str(e.errno))
            print(answer, flush=True)
        """;

    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    public LockClient()
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        _process = Process.Start(start)!;
        Assert.That(ReadAnswer().Result, Is.EqualTo("ready"));
        Pid = int.Parse(Run("pid"));
    }

    public int Pid { get; }

    /// <summary>Sends a command and waits for its answer.</summary>
    public string Run(string command) => Start(command).Answer();

    /// <summary>Sends a command whose answer may take a while (a waiting lock); <see cref="Pending.Answer"/> waits for it.</summary>
    public Pending Start(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return new Pending(this, command, ReadAnswer());
    }

    /// <summary>Sends SIGUSR1, so that the waiting system call ends with EINTR (send it only then: the handler raises).</summary>
    public void Interrupt() => Shell.Run("kill", "-USR1", Pid.ToString());

    /// <summary>Returns once the process is blocked inside fcntl(2) (/proc/PID/syscall names the call it is in).</summary>
    public void WaitUntilBlockedInFcntl()
    {
        string fcntl = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "25" : "72";
        var deadline = DateTime.UtcNow + s_answerTimeout;
        while (File.ReadAllText($"/proc/{Pid}/syscall").Split(' ')[0] != fcntl)
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("the lock client never blocked in fcntl");
            Thread.Sleep(10); // polling a condition, not a wait for time to pass
        }
    }

    private Task<string?> ReadAnswer() => _process.StandardOutput.ReadLineAsync();

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
                _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    internal sealed class Pending(LockClient client, string command, Task<string?> answer)
    {
        public bool IsAnswered => answer.IsCompleted;

        public string Answer()
        {
            if (!answer.Wait(s_answerTimeout))
                Assert.Fail($"No answer to '{command}' within {s_answerTimeout.TotalSeconds:0} s; stderr: {Stderr()}");
            return answer.Result ?? $"(process ended; stderr: {Stderr()})";
        }

        private string Stderr() => client._process.HasExited ? client._process.StandardError.ReadToEnd() : "";
    }
}
