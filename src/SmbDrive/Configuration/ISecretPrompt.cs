namespace SmbDrive.Configuration;

/// <summary>Asks the user for a secret without echoing it.</summary>
internal interface ISecretPrompt
{
    /// <summary>True when there is someone to ask: standard input is a terminal.</summary>
    bool CanPrompt { get; }

    /// <summary>Shows <paramref name="prompt"/> and reads one line without echo. Ctrl+C throws
    /// <see cref="OperationCanceledException"/>.</summary>
    string ReadSecret(string prompt);
}
