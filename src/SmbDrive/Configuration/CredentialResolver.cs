using Serilog;
using SmbDrive.CommandLine;
using SmbDrive.Smb;

namespace SmbDrive.Configuration;

/// <summary>Decides who to log on as. The user name comes from <c>--user</c>, else the credentials file, else
/// SMBDRIVE_USER; the password from <c>--password-stdin</c>, else the credentials file, else SMBDRIVE_PASSWORD,
/// else the Windows Credential Manager (saved by --save-credentials), else a no-echo prompt when standard input is a terminal. Anonymous and guest logons happen only when asked
/// for: a missing user or password is an error, never a silent guest logon. With Kerberos required and no password, the
/// ticket cache is used instead of a prompt; on Windows, no user at all means the signed-in user's own logon.</summary>
internal sealed class CredentialResolver
{
    public const string UserVariable = "SMBDRIVE_USER";
    public const string PasswordVariable = "SMBDRIVE_PASSWORD";

    private readonly Func<string, string?> _getVariable;
    private readonly ISecretPrompt _prompt;
    private readonly TextReader _stdin;
    private readonly ILogger _logger;
    private readonly ICredentialStore? _store;

    public CredentialResolver(Func<string, string?> getVariable, ISecretPrompt prompt, TextReader stdin, ILogger logger,
        ICredentialStore? store = null)
    {
        _store = store;
        _getVariable = getVariable;
        _prompt = prompt;
        _stdin = stdin;
        _logger = logger;
    }

    /// <param name="authentication">Smb:Authentication. Kerberos without a password uses the ticket cache (Linux)
    /// or the Windows logon instead of asking for one; on Windows, no user at all means single sign-on unless Ntlm.</param>
    public ResolvedCredentials Resolve(ParsedArguments args, SmbAddress address, string currentDirectory,
        SmbAuthentication authentication = SmbAuthentication.Negotiate)
    {
        bool anonymous = args.Has("anonymous"), guest = args.Has("guest");
        string? userOption = args.Value("user");
        string? filePath = args.Value("credentials");
        if (anonymous && guest) throw new UsageException("--anonymous and --guest exclude each other");
        if ((anonymous || guest) && (userOption is not null || filePath is not null || args.Has("password-stdin")))
            throw new UsageException($"--{(anonymous ? "anonymous" : "guest")} cannot be combined with --user, --credentials or --password-stdin");
        if (args.Has("save-credentials") && _store is null)
            throw new UsageException("--save-credentials keeps the password in the Windows Credential Manager, which exists on Windows only");
        if ((anonymous || guest) && authentication == SmbAuthentication.Kerberos)
            throw new UsageException($"--{(anonymous ? "anonymous" : "guest")} cannot be combined with Kerberos (--kerberos or Smb:Authentication=Kerberos)");
        if (anonymous) return ResolvedCredentials.Anonymous;
        if (guest) return ResolvedCredentials.Guest;

        var file = filePath is null ? null : CredentialsFile.Read(Path.GetFullPath(filePath, currentDirectory), _logger);
        string? user = NonEmpty(userOption) ?? NonEmpty(file?.UserName) ?? NonEmpty(_getVariable(UserVariable));
        if (user is null)
        {
            // Single sign-on: the ticket from kinit when Kerberos is asked for; on Windows the signed-in user's
            // own logon, as net use does, unless NTLM (which needs a password) is.
            if (authentication == SmbAuthentication.Kerberos || (OperatingSystem.IsWindows() && authentication == SmbAuthentication.Negotiate))
                return ResolvedCredentials.OwnKerberos("", "");
            throw new UsageException($"no credentials: pass --user [DOMAIN\\]NAME (or --credentials FILE, or set {UserVariable}), --kerberos with a ticket from kinit, --anonymous or --guest");
        }

        var (name, domain) = SplitUser(user);
        domain ??= NonEmpty(file?.Domain) ?? "";
        if (name.Length == 0) throw new UsageException($"user '{user}' has no name");
        var display = ResolvedCredentials.User(name, domain, "");
        string? password = ReadGivenPassword(args, file, display, address);
        if (password is null && authentication == SmbAuthentication.Kerberos)
            return ResolvedCredentials.OwnKerberos(name, domain); // that principal's ticket from the cache, no prompt
        password ??= PromptForPassword(display, address);
        return ResolvedCredentials.User(name, domain, password);
    }

    /// <summary>The password from --password-stdin, the credentials file, SMBDRIVE_PASSWORD or the Credential Manager;
    /// null when none of them has one.</summary>
    private string? ReadGivenPassword(ParsedArguments args, CredentialsFile? file, ResolvedCredentials who, SmbAddress address)
    {
        if (args.Has("password-stdin"))
            return _stdin.ReadLine() ?? throw new UsageException("--password-stdin: standard input is empty");
        if (file?.Password is { } fromFile) return fromFile;
        if (_getVariable(PasswordVariable) is { } fromEnvironment) return fromEnvironment;
        return _store?.TryReadPassword(CredentialTarget.For(address), who.ToString());
    }

    private string PromptForPassword(ResolvedCredentials who, SmbAddress address)
    {
        if (_prompt.CanPrompt)
            return _prompt.ReadSecret($"Password for {who} on {address.Where("")}: ");
        throw new UsageException($"no password for user {who}: set {PasswordVariable}, use --credentials FILE or --password-stdin, or run in a terminal");
    }

    /// <summary><c>DOMAIN\NAME</c> or <c>NAME@DOMAIN</c>; the domain is null when the text names none.</summary>
    private static (string Name, string? Domain) SplitUser(string user)
    {
        int slash = user.IndexOf('\\');
        if (slash >= 0) return (user[(slash + 1)..], user[..slash]);
        int at = user.LastIndexOf('@');
        if (at > 0) return (user[..at], user[(at + 1)..]);
        return (user, null);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
