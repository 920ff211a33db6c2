using System.Text;

namespace SmbDrive.Configuration;

/// <summary>No-echo password prompt on the terminal: the prompt goes to standard error (standard output may be
/// the data of <c>cat</c>), the keys are read with <see cref="Console.ReadKey(bool)"/> and never shown.</summary>
internal sealed class ConsoleSecretPrompt : ISecretPrompt
{
    public bool CanPrompt => !Console.IsInputRedirected;

    public string ReadSecret(string prompt)
    {
        Console.Error.Write(prompt);
        var secret = new StringBuilder();
        bool controlCWasInput = Console.TreatControlCAsInput;
        // Ctrl+C must stop the prompt, not be swallowed by the process's cancel handler while ReadKey blocks.
        Console.TreatControlCAsInput = true;
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                bool control = (key.Modifiers & ConsoleModifiers.Control) != 0;
                if (key.Key == ConsoleKey.Enter) break;
                if (control && key.Key == ConsoleKey.C) throw new OperationCanceledException("password prompt interrupted");
                if (control && key.Key == ConsoleKey.U) secret.Clear();
                else if (key.Key == ConsoleKey.Backspace) { if (secret.Length > 0) secret.Length--; }
                else if (!char.IsControl(key.KeyChar)) secret.Append(key.KeyChar);
            }
        }
        finally
        {
            Console.TreatControlCAsInput = controlCWasInput;
            Console.Error.WriteLine();
        }
        return secret.ToString();
    }
}
