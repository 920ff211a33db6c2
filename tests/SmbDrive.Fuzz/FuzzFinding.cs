namespace SmbDrive.Fuzz;

/// <summary>An input that broke the rule: the parser threw something other than a refusal, or allocated
/// far more than the bytes it was given.</summary>
internal sealed record FuzzFinding(string Harness, byte[] Input, string Problem)
{
    public override string ToString() => $"{Harness}: {Problem}\n  input ({Input.Length} bytes): {Convert.ToHexString(Input)}";
}
