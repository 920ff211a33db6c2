namespace SmbDrive.Smb.Security.Spnego;

/// <summary>NegTokenResp.negState, RFC 4178 section 4.2.2.</summary>
internal enum SpnegoNegState
{
    AcceptCompleted = 0,
    AcceptIncomplete = 1,
    Reject = 2,
    RequestMic = 3,
}
