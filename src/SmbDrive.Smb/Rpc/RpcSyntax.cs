using System.Buffers.Binary;

namespace SmbDrive.Smb.Rpc;

/// <summary>A presentation syntax identifier (C706 p_syntax_id_t): interface UUID and version. On the wire the
/// UUID has its first three fields little-endian, which is the byte layout of <see cref="Guid.TryWriteBytes(Span{byte})"/>.</summary>
internal readonly record struct RpcSyntax(Guid Uuid, ushort Major, ushort Minor)
{
    public const int Size = 20;

    /// <summary>NDR transfer syntax version 2 (C706 appendix I, MS-RPCE 2.2.4.12).</summary>
    public static readonly RpcSyntax Ndr20 = new(new Guid("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2, 0);

    /// <summary>The srvsvc interface, version 3.0 (MS-SRVS 1.9).</summary>
    public static readonly RpcSyntax Srvsvc = new(new Guid("4b324fc8-1670-01d3-1278-5a47bf6ee188"), 3, 0);

    public void Write(Span<byte> destination)
    {
        Uuid.TryWriteBytes(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[16..], Major);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[18..], Minor);
    }

    public static RpcSyntax Read(ReadOnlySpan<byte> source) => new(new Guid(source[..16]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[16..]), BinaryPrimitives.ReadUInt16LittleEndian(source[18..]));
}
