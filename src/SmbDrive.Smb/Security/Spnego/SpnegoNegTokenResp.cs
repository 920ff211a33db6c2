namespace SmbDrive.Smb.Security.Spnego;

/// <summary>A NegTokenResp (RFC 4178 section 4.2.2); every field is optional.</summary>
internal sealed record SpnegoNegTokenResp(SpnegoNegState? NegState, string? SupportedMech, byte[]? ResponseToken, byte[]? MechListMic)
{
    // The default record ToString would print byte arrays by type name only, but say explicitly what is shown.
    public override string ToString() =>
        $"NegTokenResp negState={NegState?.ToString() ?? "none"} supportedMech={SupportedMech ?? "none"} " +
        $"responseToken={ResponseToken?.Length ?? 0}B mechListMIC={(MechListMic is null ? "none" : "present")}";
}
