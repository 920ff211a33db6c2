using System.Buffers.Binary;
using System.Text;
using SmbDrive.Smb.Protocol.Messages.Leases;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 CREATE request (MS-SMB2 2.2.13): opens existing files and directories for reading, or carries
/// a caller's own access, sharing, disposition and options.</summary>
/// <remarks>body: 0 StructureSize(57) 2 SecurityFlags 3 RequestedOplockLevel 4 ImpersonationLevel 8 SmbCreateFlags
/// 16 Reserved 24 DesiredAccess 28 FileAttributes 32 ShareAccess 36 CreateDisposition 40 CreateOptions
/// 44 NameOffset 46 NameLength 48 CreateContextsOffset 52 CreateContextsLength 56 Buffer.</remarks>
internal sealed class CreateRequest : ISmb2Request
{
    public const uint FileReadData = 0x1, FileReadEa = 0x8, FileReadAttributes = 0x80, ReadControl = 0x20000, Synchronize = 0x100000;
    public const uint GenericRead = FileReadData | FileReadEa | FileReadAttributes | ReadControl | Synchronize;
    public const uint ShareAll = 0x7; // read | write | delete: never lock others out of a file we only read
    public const uint DispositionOpen = 0x1;
    public const uint OptionDirectoryFile = 0x1, OptionNonDirectoryFile = 0x40, OptionOpenReparsePoint = 0x200000;
    public const uint ImpersonationImpersonation = 0x2;

    private readonly byte[] _name;

    public CreateRequest(string path, uint desiredAccess, uint createOptions)
    {
        // A path never starts with a separator on the wire (MS-SMB2 2.2.13: relative to the share root).
        _name = Encoding.Unicode.GetBytes(path.Replace('/', '\\').Trim('\\'));
        DesiredAccess = desiredAccess;
        CreateOptions = createOptions;
    }

    public CreateRequest(string path, SmbCreateParameters parameters) : this(path, (uint)parameters.Access, (uint)parameters.Options)
    {
        ShareAccess = (uint)parameters.ShareAccess;
        Disposition = (uint)parameters.Disposition;
        FileAttributes = (uint)parameters.Attributes;
    }

    public uint DesiredAccess { get; }
    public uint CreateOptions { get; }
    public uint ShareAccess { get; } = ShareAll;
    public uint Disposition { get; } = DispositionOpen;
    public uint FileAttributes { get; }

    /// <summary>An oplock level, or <see cref="OplockLevel.Lease"/> with <see cref="Lease"/>.</summary>
    public OplockLevel RequestedOplockLevel { get; init; }

    /// <summary>The "RqLs" create context to send (with <see cref="OplockLevel.Lease"/>).</summary>
    public LeaseContext? Lease { get; init; }

    // Create contexts start 8-byte aligned from the header, after the name.
    private int ContextsBodyOffset => ((Smb2Header.Size + 56 + _name.Length + 7) & ~7) - Smb2Header.Size;

    public Smb2Command Command => Smb2Command.Create;
    public int BodySize => Lease is { } lease ? ContextsBodyOffset + CreateContextList.EntrySize(lease.Size) : 56 + Math.Max(1, _name.Length);
    public int CreditPayloadSize => 0;

    public void WriteBody(Span<byte> body)
    {
        body.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 57);
        body[3] = (byte)RequestedOplockLevel;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], ImpersonationImpersonation);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], DesiredAccess);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], FileAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], ShareAccess);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], Disposition);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], CreateOptions);
        BinaryPrimitives.WriteUInt16LittleEndian(body[44..], Smb2Header.Size + 56);
        BinaryPrimitives.WriteUInt16LittleEndian(body[46..], (ushort)_name.Length);
        _name.CopyTo(body[56..]);
        if (Lease is { } lease)
        {
            Span<byte> data = stackalloc byte[LeaseContext.V2Size];
            lease.Write(data);
            int offset = ContextsBodyOffset, length = CreateContextList.EntrySize(lease.Size);
            CreateContextList.WriteEntry(body.Slice(offset, length), LeaseContext.Name, data[..lease.Size]);
            BinaryPrimitives.WriteUInt32LittleEndian(body[48..], (uint)(Smb2Header.Size + offset));
            BinaryPrimitives.WriteUInt32LittleEndian(body[52..], (uint)length);
        }
    }
}

/// <summary>SMB2 CREATE response (MS-SMB2 2.2.14).</summary>
/// <remarks>body: 0 StructureSize(89) 2 OplockLevel 3 Flags 4 CreateAction 8 CreationTime 16 LastAccessTime
/// 24 LastWriteTime 32 ChangeTime 40 AllocationSize 48 EndofFile 56 FileAttributes 60 Reserved2 64 FileId(16)
/// 80 CreateContextsOffset 84 CreateContextsLength 88 Buffer.</remarks>
internal sealed class CreateResponse
{
    public required Smb2FileId FileId { get; init; }
    public required FileTimes Times { get; init; }
    public required long AllocationSize { get; init; }
    public required long EndOfFile { get; init; }
    public required FileAttributes Attributes { get; init; }
    public OplockLevel OplockLevel { get; init; }
    /// <summary>The granted lease when <see cref="OplockLevel"/> is <see cref="OplockLevel.Lease"/>.</summary>
    public LeaseContext? Lease { get; init; }

    public static CreateResponse Parse(ReadOnlySpan<byte> message)
    {
        var r = new BodyReader(message, "CREATE", 89, 88);
        var level = (OplockLevel)r.U8(2);
        LeaseContext? lease = null;
        if (level == OplockLevel.Lease)
        {
            var data = CreateContextList.Find(r.Buffer(r.U32(80), r.U32(84)), LeaseContext.Name, "CREATE");
            if (data.IsEmpty) throw r.Malformed("lease granted without a lease context");
            lease = LeaseContext.Parse(data);
        }
        return new CreateResponse
        {
            OplockLevel = level,
            Lease = lease,
            Times = FileTimes.Read(r.Fixed(8, 32)),
            AllocationSize = (long)r.U64(40),
            EndOfFile = (long)r.U64(48),
            Attributes = (FileAttributes)r.U32(56),
            FileId = Smb2FileId.Read(r.Fixed(64, 16)),
        };
    }

    /// <summary>The file's information as the CREATE response carries it: what an open knows when the server
    /// refused the follow-up query (an open without READ_ATTRIBUTES).</summary>
    public SmbFileInfo ToFileInfo(string name) => new()
    {
        Name = name,
        Attributes = Attributes,
        Size = EndOfFile,
        AllocationSize = AllocationSize,
        CreationTimeUtc = Times.Creation,
        LastAccessTimeUtc = Times.LastAccess,
        LastWriteTimeUtc = Times.LastWrite,
        ChangeTimeUtc = Times.Change,
    };
}
