using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SmbDrive.TestSupport;

/// <summary>
/// A throwaway MIT Kerberos realm on 127.0.0.1: its own krb5.conf, kdc.conf, database and keytab in a temp folder,
/// and a krb5kdc process on a free port (kerberos-testbed.md). Samba servers join it through
/// <see cref="ConfigureSamba"/>. Needs Linux, root and the krb5-kdc, krb5-admin-server and krb5-user packages.
/// </summary>
public sealed partial class KerberosRealm : IAsyncDisposable
{
    public const string Name = "SMBDRIVE.TEST";
    public const string Workgroup = "SMBDRIVE";
    public const string KdcPath = "/usr/sbin/krb5kdc";
    public const string KadminPath = "/usr/sbin/kadmin.local";
    public const string KdbUtilPath = "/usr/sbin/kdb5_util";
    public const string KinitPath = "/usr/bin/kinit";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly PortReservation _port;
    private Process? _kdc;

    private KerberosRealm(string root, PortReservation port)
    {
        RootDirectory = root;
        _port = port;
    }

    /// <summary>Linux, root, and the KDC and client tools installed.</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() && System.Environment.IsPrivilegedProcess
        && File.Exists(KdcPath) && File.Exists(KadminPath) && File.Exists(KdbUtilPath) && File.Exists(KinitPath);

    public string RootDirectory { get; }

    public int Port => _port.Port;

    public string Krb5ConfigPath => Path.Combine(RootDirectory, "krb5.conf");

    public string KdcProfilePath => Path.Combine(RootDirectory, "kdc.conf");

    /// <summary>The keytab every service principal added by <see cref="AddServiceAsync"/> lands in.</summary>
    public string KeytabPath => Path.Combine(RootDirectory, "smb.keytab");

    public bool IsKdcRunning => _kdc is { HasExited: false };

    /// <summary>KRB5_CONFIG and KRB5_KDC_PROFILE, for every process that takes part.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["KRB5_CONFIG"] = Krb5ConfigPath,
        ["KRB5_KDC_PROFILE"] = KdcProfilePath,
    };

    public static async Task<KerberosRealm> StartAsync(CancellationToken ct = default)
    {
        if (!IsAvailable) throw new InvalidOperationException("A Kerberos test realm needs Linux, root and krb5-kdc, krb5-admin-server, krb5-user.");
        var root = Directory.CreateTempSubdirectory("smbdrive-krb5-").FullName;
        var realm = new KerberosRealm(root, PortReservation.Acquire());
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "kdc"));
            await File.WriteAllTextAsync(realm.Krb5ConfigPath, realm.Krb5Config(), ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(realm.KdcProfilePath, realm.KdcConfig(), ct).ConfigureAwait(false);
            await realm.RunAsync(KdbUtilPath, ["create", "-s", "-r", Name, "-P", PasswordGenerator.Create()], ct).ConfigureAwait(false);
            await realm.StartKdcAsync(ct).ConfigureAwait(false);
            return realm;
        }
        catch
        {
            await realm.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A user principal <c>name@SMBDRIVE.TEST</c>. <paramref name="maxLife"/> (kadmin syntax, e.g.
    /// "20 seconds") caps its tickets' lifetime.</summary>
    public Task AddUserAsync(string name, string password, string? maxLife = null, CancellationToken ct = default)
    {
        var query = $"addprinc -pw {password} {(maxLife is null ? "" : $"-maxlife \"{maxLife}\" ")}{name}";
        return KadminAsync(query, ct);
    }

    /// <summary>A service principal such as <c>cifs/127.0.0.1</c>, exported to <see cref="KeytabPath"/>. Tickets carry
    /// no PAC (+no_auth_data_required): a standalone smbd refuses a PAC it cannot check.</summary>
    public async Task AddServiceAsync(string principal, CancellationToken ct = default)
    {
        await KadminAsync($"addprinc -randkey +no_auth_data_required {principal}", ct).ConfigureAwait(false);
        await KadminAsync($"ktadd -k {KeytabPath} {principal}", ct).ConfigureAwait(false);
    }

    /// <summary>kinit into the FILE: cache <paramref name="cachePath"/>, the password on standard input.</summary>
    public async Task KinitAsync(string principal, string password, string cachePath, string? lifetime = null, CancellationToken ct = default)
    {
        var environment = new Dictionary<string, string>(Environment) { ["KRB5CCNAME"] = "FILE:" + cachePath };
        var arguments = new List<string>();
        if (lifetime is not null) arguments.AddRange(["-l", lifetime]);
        arguments.Add(principal);
        var result = await CommandRunner.RunAsync(KinitPath, arguments, password + "\n", environment, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new InvalidOperationException($"kinit {principal} failed ({result.ExitCode}): {result.StandardError}");
    }

    /// <summary>The smb.conf lines and environment that make a Samba server accept this realm's tickets: each
    /// principal in <paramref name="mappedUsers"/> becomes the Unix user <c>nobody</c> (which needs world-readable
    /// shares).</summary>
    public SambaServerOptions ConfigureSamba(SambaServerOptions options, params string[] mappedUsers)
    {
        var map = Path.Combine(RootDirectory, $"users-{Guid.NewGuid():N}.map");
        File.WriteAllText(map, $"nobody = {string.Join(' ', mappedUsers.Select(u => $"{Workgroup}\\{u}"))}\n");
        options.Global["workgroup"] = Workgroup;
        options.Global["realm"] = Name;
        options.Global["kerberos method"] = "dedicated keytab";
        options.Global["dedicated keytab file"] = "FILE:" + KeytabPath;
        options.Global["username map"] = map;
        foreach (var (name, value) in Environment) options.Environment[name] = value;
        return options;
    }

    /// <summary>Points this process's Kerberos library at the realm: MIT reads KRB5_CONFIG from the C environment,
    /// which Environment.SetEnvironmentVariable does not change on Unix; children see the managed one.</summary>
    public void UseInThisProcess(string? cache = null)
    {
        SetVariable("KRB5_CONFIG", Krb5ConfigPath);
        SetVariable("KRB5CCNAME", cache is null ? "FILE:" + Path.Combine(RootDirectory, "no-such-cache") : "FILE:" + cache);
    }

    public static void SetVariable(string name, string value)
    {
        System.Environment.SetEnvironmentVariable(name, value);
        if (SetEnv(name, value, 1) != 0) throw new InvalidOperationException($"setenv {name} failed");
    }

    /// <summary>Stops the KDC (for "KDC unreachable" tests); <see cref="StartKdcAsync"/> brings it back.</summary>
    public async Task StopKdcAsync()
    {
        var kdc = _kdc;
        _kdc = null;
        if (kdc is null) return;
        if (!kdc.HasExited) PosixSignals.Send(kdc.Id, PosixSignals.SigTerm);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await kdc.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            kdc.Kill();
            await kdc.WaitForExitAsync().ConfigureAwait(false);
        }
        kdc.Dispose();
    }

    public async Task StartKdcAsync(CancellationToken ct = default)
    {
        if (IsKdcRunning) return;
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = RootDirectory };
        foreach (var (name, value) in Environment) startInfo.Environment[name] = value;
        startInfo.ArgumentList.Add("-c");
        // exec keeps the pid; output goes to a file so that no pipe fills up.
        startInfo.ArgumentList.Add($"exec {KdcPath} -n -r {Name} </dev/null >>'{Path.Combine(RootDirectory, "kdc", "kdc.out")}' 2>&1");
        _kdc = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start krb5kdc");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_kdc.HasExited) throw new InvalidOperationException($"krb5kdc exited with {_kdc.ExitCode}: {ReadLog()}");
            if (clock.Elapsed > StartTimeout) throw new InvalidOperationException($"krb5kdc did not listen on {Port} within {StartTimeout}: {ReadLog()}");
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), ct).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The KDC's logs: what it was asked for and what it answered (no keys or passwords).</summary>
    public string ReadLog()
    {
        var parts = new[] { "kdc.out", "kdc.log" }.Select(f => Path.Combine(RootDirectory, "kdc", f)).Where(File.Exists).Select(File.ReadAllText);
        return string.Join("\n", parts);
    }

    public async ValueTask DisposeAsync()
    {
        await StopKdcAsync().ConfigureAwait(false);
        _port.Dispose();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private Task KadminAsync(string query, CancellationToken ct) => RunAsync(KadminPath, ["-r", Name, "-q", query], ct);

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await CommandRunner.RunAsync(tool, arguments, null, Environment, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        // kadmin.local reports a failed query on standard error but exits 0.
        if (result.ExitCode != 0 || result.StandardError.Contains("error", StringComparison.OrdinalIgnoreCase)
            || result.StandardError.Contains("while ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Path.GetFileName(tool)} {arguments[0]} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }
    }

    private string Krb5Config() => $$"""
        [libdefaults]
         default_realm = {{Name}}
         dns_lookup_kdc = false
         dns_lookup_realm = false
         rdns = false
         dns_canonicalize_hostname = false
         kdc_timeout = 2s
         max_retries = 1
        [realms]
         {{Name}} = {
          kdc = 127.0.0.1:{{Port}}
         }
        [domain_realm]
         localhost = {{Name}}
         127.0.0.1 = {{Name}}
         .smbdrive.test = {{Name}}

        """;

    private string KdcConfig() => $$"""
        [kdcdefaults]
         kdc_listen = 127.0.0.1:{{Port}}
         kdc_tcp_listen = 127.0.0.1:{{Port}}
        [realms]
         {{Name}} = {
          database_name = {{Path.Combine(RootDirectory, "kdc", "principal")}}
          key_stash_file = {{Path.Combine(RootDirectory, "kdc", "stash")}}
          acl_file = {{Path.Combine(RootDirectory, "kdc", "kadm5.acl")}}
          supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
         }
        [logging]
         kdc = FILE:{{Path.Combine(RootDirectory, "kdc", "kdc.log")}}

        """;

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
