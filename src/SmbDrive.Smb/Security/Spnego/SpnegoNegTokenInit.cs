namespace SmbDrive.Smb.Security.Spnego;

/// <summary>A decoded NegTokenInit (RFC 4178 section 4.2.1) or the server's NegTokenInit2 from the SMB NEGOTIATE
/// response (MS-SPNG 2.2.1, which adds negHints at [3]; hints are skipped). Fields the client does not use
/// (reqFlags, negHints) are not kept.</summary>
internal sealed record SpnegoNegTokenInit(IReadOnlyList<string> MechTypes, byte[]? MechToken, byte[]? MechListMic)
{
    public override string ToString() =>
        $"NegTokenInit mechTypes=[{string.Join(", ", MechTypes)}] mechToken={MechToken?.Length ?? 0}B mechListMIC={(MechListMic is null ? "none" : "present")}";
}
