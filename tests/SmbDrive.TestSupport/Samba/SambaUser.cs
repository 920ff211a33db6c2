namespace SmbDrive.TestSupport;

/// <summary>An account the test server knows: a Unix account plus a Samba password.</summary>
public sealed record SambaUser(string Name, string Password)
{
    // Records print every property by default; the password must never reach a test log.
    public override string ToString() => $"SambaUser {{ Name = {Name} }}";
}
