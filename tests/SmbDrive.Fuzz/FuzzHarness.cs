namespace SmbDrive.Fuzz;

/// <summary>One parser family under fuzz: a name (also the corpus folder), the parse call, and the exceptions
/// that count as a clean refusal. Anything else a parser throws for server bytes is a finding.</summary>
internal sealed record FuzzHarness(string Name, Action<byte[]> Parse, Func<Exception, bool> IsRefusal)
{
    /// <summary>The rule for server bytes: a result or <see cref="Smb.SmbProtocolException"/>.</summary>
    public static bool ProtocolRefusal(Exception e) => e is Smb.SmbProtocolException;

    /// <summary>RPC replies may also carry a server refusal (fault PDU, bind_nak, a Win32 error in the stub),
    /// reported as <see cref="Smb.SmbRpcException"/>.</summary>
    public static bool RpcRefusal(Exception e) => e is Smb.SmbProtocolException or Smb.SmbRpcException;
}
