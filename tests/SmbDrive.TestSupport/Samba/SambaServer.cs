using System.Diagnostics;
using System.Text;

namespace SmbDrive.TestSupport;

/// <summary>
/// A real Samba smbd on 127.0.0.1 with its own port, config and state in a fresh temp folder, so fixtures can run
/// servers side by side. Needs Linux, /usr/sbin/smbd and root (see <see cref="SambaRequirement"/>).
/// </summary>
public sealed partial class SambaServer : IAsyncDisposable
{
    public const string SmbdPath = "/usr/sbin/smbd";
    public const string DefaultUserName = "smbdrivetest";

    // Keeps one server's broken restart from retrying forever on a port another harness took meanwhile.
    private const int MaxPortAttempts = 5;

    private readonly object _sync = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Dictionary<string, string> _sharePaths;
    private readonly IReadOnlyList<SambaUser> _users;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private PortReservation? _port;
    private Process? _smbd;
    private bool _disposed;

    private SambaServer(string rootDirectory, IReadOnlyList<SambaUser> users, Dictionary<string, string> sharePaths,
        IReadOnlyDictionary<string, string> environment)
    {
        _environment = environment;
        RootDirectory = rootDirectory;
        _users = users;
        _sharePaths = sharePaths;
    }

    /// <summary>True where these servers can run: Linux, smbd installed at <see cref="SmbdPath"/>, running as root.</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() && File.Exists(SmbdPath) && Environment.IsPrivilegedProcess;

    public string Host => "127.0.0.1";

    public int Port => _port?.Port ?? throw new InvalidOperationException("The server has no port yet.");

    /// <summary>The server's temp folder: smb.conf, state, logs and the folders of shares without an explicit path.</summary>
    public string RootDirectory { get; }

    public string ConfigPath => Path.Combine(RootDirectory, SambaConfig.FileName);

    /// <summary>The first user; with no users in the options, the generated "smbdrivetest" account.</summary>
    public SambaUser User => _users[0];

    public IReadOnlyList<SambaUser> Users => _users;

    /// <summary>Whether smbd is running (false after <see cref="StopAsync"/> or <see cref="Kill"/>).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_sync)
            {
                return _smbd is { HasExited: false };
            }
        }
    }

    private string OutputLogPath => Path.Combine(RootDirectory, "smbd.out.log");

    public static async Task<SambaServer> StartAsync(SambaServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Spelled out (not just IsAvailable) so the platform analyzer sees that what follows runs on Linux only.
        if (!OperatingSystem.IsLinux() || !IsAvailable)
        {
            throw new InvalidOperationException($"Samba test servers need Linux, {SmbdPath} and root.");
        }

        var users = options.Users.Count > 0
            ? options.Users.ToList()
            : [new SambaUser(DefaultUserName, PasswordGenerator.Create())];
        ValidateUsers(users);
        ValidateShares(options.Shares);
        var global = new Dictionary<string, string>(options.Global);
        var shares = options.Shares.ToList();

        var root = Directory.CreateTempSubdirectory("smbdrive-samba-").FullName;
        var sharePaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var server = new SambaServer(root, users, sharePaths, new Dictionary<string, string>(options.Environment));
        try
        {
            // mkdtemp makes the folder 0700; share users and "nobody" must be able to walk through it.
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            foreach (var folder in SambaConfig.StateFolders)
            {
                Directory.CreateDirectory(Path.Combine(root, folder));
            }

            File.SetUnixFileMode(Path.Combine(root, "priv"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var resolved = new List<ResolvedShare>();
            foreach (var share in shares)
            {
                var path = Path.GetFullPath(share.Path ?? Path.Combine(root, "shares", share.Name));
                Directory.CreateDirectory(path);
                SharePermissions.OpenTree(path, writable: !share.ReadOnly);
                sharePaths[share.Name] = path;
                resolved.Add(new ResolvedShare(share, path));
            }

            foreach (var user in users)
            {
                await SambaAccounts.EnsureUnixAccountAsync(user.Name, ct).ConfigureAwait(false);
            }

            await server.StartOnFreePortAsync(global, resolved, ct).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Folder on disk backing <paramref name="share"/>.</summary>
    public string SharePath(string share) =>
        _sharePaths.TryGetValue(share, out var path) ? path : throw new ArgumentException($"This server has no share '{share}'.", nameof(share));

    /// <summary>"//127.0.0.1:PORT/share/path".</summary>
    public string Address(string share, string path = "")
    {
        var address = $"//{Host}:{Port}/{share}";
        var relative = path.Replace('\\', '/').Trim('/');
        return relative.Length == 0 ? address : address + "/" + relative;
    }

    /// <summary>smbd's own output plus the logs of its helpers, for failure messages. It holds no passwords.</summary>
    public string ReadLog()
    {
        var text = new StringBuilder();
        AppendLog(text, OutputLogPath);
        var logFolder = Path.Combine(RootDirectory, "log");
        if (Directory.Exists(logFolder))
        {
            foreach (var file in Directory.EnumerateFiles(logFolder).Order(StringComparer.Ordinal))
            {
                AppendLog(text, file);
            }
        }

        return text.ToString();
    }

    /// <summary>Stops smbd (SIGTERM, then SIGKILL after a grace period) but keeps the folder and the port for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await TerminateAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts smbd again on the same port with the same config (for reconnect tests).</summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (IsRunning)
            {
                throw new InvalidOperationException("smbd is still running; stop or kill it first.");
            }

            // A crash may have left helpers behind; they would hold the old state files.
            await TerminateAsync().ConfigureAwait(false);
            await RestartOnSamePortAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>SIGKILLs smbd and every helper process at once, as a crash would; files and port stay for <see cref="StartAgainAsync"/>.</summary>
    public void Kill()
    {
        Process? smbd;
        lock (_sync)
        {
            smbd = _smbd;
            _smbd = null;
        }

        SignalAll(smbd, PosixSignals.SigKill);
        WaitUntilGone(smbd, TimeSpan.FromSeconds(5));
        smbd?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await TerminateAsync().ConfigureAwait(false);
            _port?.Dispose();
            DeleteRoot();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public override string ToString() => $"SambaServer {{ Port = {_port?.Port}, RootDirectory = {RootDirectory} }}";

    private static void ValidateUsers(IReadOnlyList<SambaUser> users)
    {
        foreach (var user in users)
        {
            SambaAccounts.ValidateName(user.Name);
            SambaAccounts.ValidatePassword(user);
        }

        var duplicate = users.GroupBy(u => u.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"User '{duplicate.Key}' is listed twice.");
        }
    }

    private static void ValidateShares(IReadOnlyList<SambaShare> shares)
    {
        foreach (var share in shares)
        {
            SambaConfig.ValidateShareName(share.Name);
        }

        var duplicate = shares.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Share '{duplicate.Key}' is listed twice (share names are case-insensitive).");
        }
    }

    private static void AppendLog(StringBuilder text, string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        text.Append("==> ").Append(Path.GetFileName(path)).Append(" <==\n").Append(reader.ReadToEnd()).Append('\n');
    }

    private void DeleteRoot()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(RootDirectory))
                {
                    Directory.Delete(RootDirectory, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 5)
            {
                // A helper that just died may still be closing files in it.
                Thread.Sleep(200);
            }
        }
    }
}
