using Microsoft.Extensions.Configuration;
using Serilog;
using SmbDrive.CommandLine;
using SmbDrive.Configuration;
using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary>What a command runs with: its arguments, the process environment, the configuration with the typed
/// SMB options bound from it, and the logger.</summary>
internal sealed class CommandContext
{
    public CommandContext(ParsedArguments args, CliEnvironment environment, IConfiguration configuration,
        SmbClientOptions smbOptions, ILogger logger)
    {
        Args = args;
        Environment = environment;
        Configuration = configuration;
        SmbOptions = smbOptions;
        Logger = logger;
    }

    public ParsedArguments Args { get; }
    public CliEnvironment Environment { get; }
    public IConfiguration Configuration { get; }
    public SmbClientOptions SmbOptions { get; }
    public ILogger Logger { get; }

    /// <summary>Operand <paramref name="index"/> (after the command name) as a share address (or, with
    /// <paramref name="allowServer"/>, a server address); <c>--port</c> replaces the address's port.</summary>
    public SmbAddress Address(int index, bool requirePath, bool allowServer = false)
    {
        string text = Args.Operands[index];
        if (!SmbAddress.TryParse(text, allowServer, out var address, out string? error)) throw new UsageException(error!);
        if (requirePath && address!.Path.Length == 0)
            throw new UsageException($"'{text}' names a share, not a file: use //HOST/SHARE/PATH");
        int? port = Args.IntValue("port", 1, 65535);
        return port is { } p ? address! with { Port = p } : address!;
    }

    public ResolvedCredentials ResolveCredentials(SmbAddress address) =>
        new CredentialResolver(Environment.GetVariable, Environment.SecretPrompt, Environment.In, Logger, CredentialStore)
            .Resolve(Args, address, Environment.CurrentDirectory, SmbOptions.Authentication);

    /// <summary>The Windows Credential Manager on Windows; elsewhere there is none.</summary>
    public ICredentialStore? CredentialStore { get; init; } = OperatingSystem.IsWindows() ? new WindowsCredentialStore() : null;

    /// <summary>After a successful logon with <c>--save-credentials</c>, keeps the password for the next run.</summary>
    public void SaveCredentialsIfAsked(SmbAddress address, ResolvedCredentials credentials)
    {
        if (!Args.Has("save-credentials") || !credentials.HasPassword || CredentialStore is null) return;
        CredentialStore.SavePassword(CredentialTarget.For(address), credentials.ToString(), credentials.Password);
        Logger.Information("Saved the password for {User} on {Target} in the Credential Manager", credentials.ToString(), CredentialTarget.For(address));
    }

    /// <summary>Resolves the credentials (possibly prompting) and connects to the share.</summary>
    public Task<ISmbShare> ConnectAsync(SmbAddress address, CancellationToken cancellationToken) =>
        ConnectAsync(address, ResolveCredentials(address), cancellationToken);

    public async Task<ISmbShare> ConnectAsync(SmbAddress address, ResolvedCredentials credentials, CancellationToken cancellationToken)
    {
        Logger.Debug("Connecting to {Share} as {User}", address.Where(""), credentials.ToString());
        var share = await Environment.Connect(address, credentials.ToSmbCredentials(), SmbOptions, Logger, cancellationToken);
        SaveCredentialsIfAsked(address, credentials);
        return share;
    }
}
