using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2_LOCK_ELEMENT Flags (MS-SMB2 2.2.26.1). A lock is SHARED or EXCLUSIVE, optionally with
/// FAIL_IMMEDIATELY; an unlock is UNLOCK alone.</summary>
[Flags]
internal enum Smb2LockFlags : uint
{
    None = 0,
    Shared = 0x1,
    Exclusive = 0x2,
    Unlock = 0x4,
    FailImmediately = 0x10,
}

/// <summary>One SMB2_LOCK_ELEMENT (MS-SMB2 2.2.26.1): 0 Offset(8) 8 Length(8) 16 Flags 20 Reserved. Offset and
/// length are unsigned 64-bit: a range may lie anywhere, far beyond the end of the file.</summary>
internal readonly record struct Smb2LockElement(ulong Offset, ulong Length, Smb2LockFlags Flags)
{
    public const int Size = 24;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], 0);
    }
}

/// <summary>SMB2 LOCK request (MS-SMB2 2.2.26): locks or unlocks byte ranges of an open file.</summary>
/// <remarks>body: 0 StructureSize(48) 2 LockCount 4 LockSequenceNumber/Index(4) 8 FileId(16) 24 Locks(24 each).
/// StructureSize is 48 whatever the count: it counts the fixed part and one element.</remarks>
internal sealed class LockRequest : ISmb2Request
{
    public const int FixedSize = 24;
    private readonly Smb2FileId _fileId;
    private readonly Smb2LockElement[] _locks;

    public LockRequest(Smb2FileId fileId, params Smb2LockElement[] locks)
    {
        // The server refuses LockCount 0 (MS-SMB2 3.3.5.14); the count is a 16-bit field.
        if (locks.Length is 0 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(locks), locks.Length, "a LOCK carries 1 to 65535 elements");
        _fileId = fileId;
        _locks = locks;
    }

    public Smb2Command Command => Smb2Command.Lock;
    public int BodySize => FixedSize + _locks.Length * Smb2LockElement.Size;
    public int CreditPayloadSize => 0; // a small request: CreditCharge 1

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(body, 48);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)_locks.Length);
        // LockSequence lets a server recognise a replayed LOCK; a client MUST set it only for resilient or
        // persistent handles or on a multichannel connection (MS-SMB2 3.2.4.19). We open neither kind of handle and
        // never bind a second channel, so 0 says "no sequence" and Samba ignores it (smb2_lock.c checks it only
        // for durable opens or when the session has more than one channel).
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], 0);
        _fileId.Write(body[8..]);
        for (int i = 0; i < _locks.Length; i++)
            _locks[i].Write(body.Slice(FixedSize + i * Smb2LockElement.Size, Smb2LockElement.Size));
    }
}

/// <summary>SMB2 LOCK response (MS-SMB2 2.2.27): 0 StructureSize(4) 2 Reserved. It carries nothing but its
/// status; a success that is not shaped like one is a protocol error.</summary>
internal static class LockResponse
{
    public const int BodySize = 4;

    public static void Validate(ReadOnlySpan<byte> message) => _ = new BodyReader(message, "LOCK", 4, BodySize);
}
