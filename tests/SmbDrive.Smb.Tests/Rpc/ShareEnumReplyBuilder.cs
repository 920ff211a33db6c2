using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Tests.Rpc;

/// <summary>Builds NetShareEnumAll reply stubs by hand, field by field, so that tests can produce well-formed
/// replies and then break one field at a time.</summary>
internal sealed class ShareEnumReplyBuilder
{
    private readonly List<byte> _bytes = new();

    public int Length => _bytes.Count;

    public ShareEnumReplyBuilder U32(uint value)
    {
        while (_bytes.Count % 4 != 0) _bytes.Add(0);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _bytes.AddRange(b.ToArray());
        return this;
    }

    public ShareEnumReplyBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>A conformant varying string; the counts default to the text's length with its NUL.</summary>
    public ShareEnumReplyBuilder String(string text, uint? max = null, uint offset = 0, uint? actual = null, bool terminate = true)
    {
        byte[] chars = Encoding.Unicode.GetBytes(terminate ? text + "\0" : text);
        uint count = (uint)(chars.Length / 2);
        U32(max ?? count).U32(offset).U32(actual ?? count);
        _bytes.AddRange(chars);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>A complete, valid reply listing <paramref name="shares"/> with status <paramref name="status"/>.</summary>
    public static byte[] Valid(IReadOnlyList<(string Name, uint Type, string? Comment)> shares, uint status = 0)
    {
        var b = new ShareEnumReplyBuilder();
        b.U32(1).U32(1).U32(0x20000);                // level, tag, container pointer
        b.U32((uint)shares.Count).U32(0x20004);      // EntriesRead, Buffer pointer
        b.U32((uint)shares.Count);                   // conformance
        uint referent = 0x20008;
        foreach (var share in shares)
        {
            b.U32(referent++).U32(share.Type).U32(share.Comment is null ? 0u : referent++);
        }
        foreach (var share in shares)
        {
            b.String(share.Name);
            if (share.Comment is not null) b.String(share.Comment);
        }
        b.U32((uint)shares.Count);                   // TotalEntries
        b.U32(0x30000).U32(0);                       // ResumeHandle pointer and value
        b.U32(status);
        return b.ToArray();
    }

    public static readonly (string Name, uint Type, string? Comment)[] Sample =
    [
        ("media", 0, "Films"),
        ("IPC$", 0x80000003, "IPC Service"),
        ("backup$", 0, null),
        ("printer", 1, ""),
    ];
}
