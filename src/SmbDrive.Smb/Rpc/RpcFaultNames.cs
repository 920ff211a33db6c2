namespace SmbDrive.Smb.Rpc;

/// <summary>Names of the fault statuses a server is likely to send (C706 appendix E, MS-RPCE 2.2.2.1/3.1.1.5.5).</summary>
internal static class RpcFaultNames
{
    public static string Name(uint status) => status switch
    {
        0x00000005 => "ERROR_ACCESS_DENIED",
        0x000006D1 => "RPC_S_PROCNUM_OUT_OF_RANGE",
        0x000006F7 => "RPC_X_BAD_STUB_DATA",
        0x1C010002 => "nca_s_unk_if",
        0x1C010003 => "nca_s_op_rng_error",
        _ => $"fault 0x{status:X8}",
    };
}
