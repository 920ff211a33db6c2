using System.Text;
using SmbDrive.Configuration;
using SmbDrive.Smb;

namespace SmbDrive.CommandLine;

/// <summary>Everything the commands take from the process: standard streams, environment variables, folders,
/// the password prompt and the SMB client. Tests build one over in-memory streams and a fake share.</summary>
internal sealed class CliEnvironment
{
    /// <summary>Binary standard output (cat, get -).</summary>
    public required Stream StandardOutput { get; init; }

    /// <summary>Text standard output (ls, version, help), UTF-8 whatever the locale.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: the one failure line, progress, prompts. Logs go there too, via Serilog.</summary>
    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    /// <summary>False when standard error is a terminal: only then is a progress bar drawn.</summary>
    public required bool IsErrorRedirected { get; init; }

    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>Folder of the executable, where appsettings.json is looked for.</summary>
    public required string BaseDirectory { get; init; }

    public required string CurrentDirectory { get; init; }

    public required ISecretPrompt SecretPrompt { get; init; }

    public required ShareConnector Connect { get; init; }

    /// <summary>Lists a server's shares; <see cref="SmbShareBrowser.ListSharesAsync"/> unless a test replaces it.</summary>
    public ShareLister ListShares { get; init; } = SmbShareBrowser.ListSharesAsync;

    public static CliEnvironment FromConsole()
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var stdout = StandardOutputStream.Open();
        return new CliEnvironment
        {
            StandardOutput = stdout,
            Out = new StreamWriter(stdout, encoding, bufferSize: 64 * 1024, leaveOpen: true) { AutoFlush = false },
            Error = Console.Error,
            In = Console.In,
            IsErrorRedirected = Console.IsErrorRedirected,
            GetVariable = Environment.GetEnvironmentVariable,
            BaseDirectory = AppContext.BaseDirectory,
            CurrentDirectory = Environment.CurrentDirectory,
            SecretPrompt = new ConsoleSecretPrompt(),
            Connect = SmbClient.ConnectShareAsync,
        };
    }
}
