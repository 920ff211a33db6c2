namespace SmbDrive.Smb.Rpc;

/// <summary>NetrShareEnum (MS-SRVS 3.1.4.8, opnum 15) at information level 1: every share with its type and
/// comment. The reply layout (NDR, MS-SRVS 2.2.4.33/2.2.4.38/2.2.4.23):
/// <code>
/// SHARE_ENUM_STRUCT  Level(4) | union tag(4) | [unique] SHARE_INFO_1_CONTAINER*
///   container        EntriesRead(4) | [unique] SHARE_INFO_1* Buffer
///   Buffer           conformance(4) | EntriesRead × { [string] netname*(4), type(4), [string] remark*(4) }
///                    then, deferred, each entry's netname and remark strings in order
/// TotalEntries(4) | [unique] ResumeHandle*(4) [+ value(4)] | WERROR(4)
/// </code></summary>
internal static class SrvsvcNetShareEnumAll
{
    public const ushort Opnum = 15;
    private const uint Level1 = 1;
    private const uint MaxPreferredLength = 0xFFFFFFFF;
    private const string What = "NetShareEnumAll";

    public static byte[] EncodeRequest(string serverName)
    {
        var w = new NdrWriter();
        w.Referent();                       // [in, string, unique] ServerName
        w.WideString(@"\\" + serverName);
        w.U32(Level1);                      // InfoStruct.Level
        w.U32(Level1);                      // union discriminant
        w.Referent();                       // [unique] SHARE_INFO_1_CONTAINER*
        w.U32(0);                           //   EntriesRead
        w.U32(0);                           //   Buffer = NULL
        w.U32(MaxPreferredLength);          // PreferedMaximumLength: everything at once
        w.Referent();                       // [in, out, unique] ResumeHandle
        w.U32(0);
        return w.ToArray();
    }

    /// <summary>Parses the reply stub. A non-zero WERROR throws <see cref="SmbRpcException"/>; any length or count
    /// that does not fit throws <see cref="SmbProtocolException"/>.</summary>
    public static IReadOnlyList<SmbShareInfo> ParseResponse(ReadOnlySpan<byte> stub, string where)
    {
        var r = new NdrReader(stub, What);
        uint level = r.U32("Level");
        uint tag = r.U32("union tag");
        if (level != Level1 || tag != Level1) throw r.Malformed($"information level {level}/{tag}, expected 1");
        var shares = new List<SmbShareInfo>();
        if (r.Pointer("container"))
        {
            uint entries = r.U32("EntriesRead");
            if (r.Pointer("Buffer"))
            {
                int count = r.ArrayCount("Buffer", 12);
                if (count != entries) throw r.Malformed($"EntriesRead {entries} but the array holds {count}");
                var fixedParts = new (bool Name, uint Type, bool Remark)[count];
                for (int i = 0; i < count; i++)
                    fixedParts[i] = (r.Pointer("netname"), r.U32("type"), r.Pointer("remark"));
                foreach (var (hasName, type, hasRemark) in fixedParts)
                {
                    if (!hasName) throw r.Malformed("a share without a name");
                    string name = r.WideString("netname");
                    string remark = hasRemark ? r.WideString("remark") : "";
                    if (name.Length == 0) throw r.Malformed("a share with an empty name");
                    shares.Add(new SmbShareInfo(name, type, remark));
                }
            }
            else if (entries != 0)
            {
                throw r.Malformed($"EntriesRead {entries} with no array");
            }
        }
        r.U32("TotalEntries");
        if (r.Pointer("ResumeHandle")) r.U32("ResumeHandle value");
        uint status = r.U32("return status");
        if (r.Remaining != 0) throw r.Malformed($"{r.Remaining} bytes after the return status");
        if (status != 0) throw new SmbRpcException($"{where}: NetShareEnumAll refused: {WinErrorName(status)}", status);
        return shares;
    }

    private static string WinErrorName(uint status) => status switch
    {
        5 => "WERR_ACCESS_DENIED",
        8 => "WERR_NOT_ENOUGH_MEMORY",
        50 => "WERR_NOT_SUPPORTED",
        87 => "WERR_INVALID_PARAMETER",
        124 => "WERR_INVALID_LEVEL",
        234 => "WERR_MORE_DATA",
        _ => $"WERR 0x{status:X8}",
    };
}
