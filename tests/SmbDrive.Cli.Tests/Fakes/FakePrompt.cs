using SmbDrive.Configuration;

namespace SmbDrive.Cli.Tests.Fakes;

internal sealed class FakePrompt : ISecretPrompt
{
    public FakePrompt(bool canPrompt, string answer = "")
    {
        CanPrompt = canPrompt;
        Answer = answer;
    }

    public bool CanPrompt { get; }
    public string Answer { get; }
    public List<string> Prompts { get; } = [];

    public string ReadSecret(string prompt)
    {
        Prompts.Add(prompt);
        return Answer;
    }
}
