namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>One AV_PAIR, MS-NLMP 2.2.2.1. Values are server names, flags, timestamps and channel bindings:
/// nothing secret, but <see cref="ToString"/> still shows only the id and length.</summary>
internal readonly record struct NtlmAvPair(NtlmAvId Id, byte[] Value)
{
    public override string ToString() => $"{Id} ({Value.Length} bytes)";
}
