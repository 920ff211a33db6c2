using System.Text;
using SmbDrive.CommandLine;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Fakes;

/// <summary>Builds a <see cref="CliEnvironment"/> over memory: captured stdout and stderr, chosen environment
/// variables, a fake prompt and a connector that hands out a <see cref="FakeShare"/> (or throws).</summary>
internal sealed class TestConsole
{
    public MemoryStream Stdout { get; } = new();
    public StringWriter Stderr { get; } = new();
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
    public FakePrompt Prompt { get; set; } = new(canPrompt: false);
    public string Input { get; set; } = "";
    public bool IsErrorRedirected { get; set; } = true;
    public string BaseDirectory { get; set; } = TestContext.CurrentContext.TestDirectory;
    public string CurrentDirectory { get; set; } = TestContext.CurrentContext.WorkDirectory;
    public FakeShare Share { get; set; } = new();

    /// <summary>When set, connecting throws this instead of returning <see cref="Share"/>.</summary>
    public Exception? ConnectError { get; set; }

    public List<(SmbAddress Address, SmbCredentials Credentials, SmbClientOptions Options)> Connections { get; } = [];

    public string StdoutText => Encoding.UTF8.GetString(Stdout.ToArray());
    public string StderrText => Stderr.ToString();

    public CliEnvironment Build() => new()
    {
        StandardOutput = Stdout,
        Out = new StreamWriter(Stdout, new UTF8Encoding(false), 1024, leaveOpen: true),
        Error = Stderr,
        In = new StringReader(Input),
        IsErrorRedirected = IsErrorRedirected,
        GetVariable = name => Variables.TryGetValue(name, out string? value) ? value : null,
        BaseDirectory = BaseDirectory,
        CurrentDirectory = CurrentDirectory,
        SecretPrompt = Prompt,
        Connect = (address, credentials, options, _, _) =>
        {
            Connections.Add((address, credentials, options));
            if (ConnectError is not null) return Task.FromException<ISmbShare>(ConnectError);
            return Task.FromResult<ISmbShare>(Share);
        },
    };

    public Task<int> RunAsync(params string[] args) => Program.RunAsync(args, Build(), CancellationToken.None);
}
