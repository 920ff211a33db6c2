namespace SmbDrive.Smb.Rpc;

/// <summary>Connection-oriented DCE/RPC PDU types used here (C706 12.6.4, MS-RPCE 2.2.2.1).</summary>
internal enum RpcPacketType : byte
{
    Request = 0,
    Response = 2,
    Fault = 3,
    Bind = 11,
    BindAck = 12,
    BindNak = 13,
}
