using System.Buffers.Binary;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>LOCKING_ANDX and NT_CANCEL byte for byte against MS-CIFS 2.2.4.32.1 and 2.2.4.65.1 (offsets from the
/// header start), and the LOCKING_ANDX response check, hostile shapes included.</summary>
public class Smb1LockMessageTests
{
    private static byte[] Encode(ISmb1Request request)
    {
        var message = new byte[Smb1Header.Size + request.BodySize(Smb1Strings.Unicode)];
        new Smb1Header { Command = request.Command }.Write(message);
        request.WriteBody(message, Smb1Strings.Unicode);
        return message;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    [Test]
    public void Lock_SharedWaitingLargeFiles_WordsAndRange64HighHalfFirst()
    {
        var request = LockingAndXRequest.Lock(0x4321, 0x0BAD, offset: 0x4000_0000_1234_5678, length: 0x1_0000_0002, shared: true, wait: true, largeFiles: true);
        var message = Encode(request);
        Assert.That(message[4], Is.EqualTo(0x24), "SMB_COM_LOCKING_ANDX");
        Assert.That(message, Has.Length.EqualTo(32 + 1 + 16 + 2 + 20));
        Assert.That(message[32], Is.EqualTo(8), "WordCount 8");
        Assert.That(Hex(message.AsSpan(33, 16)), Is.EqualTo(
            "FF" + "00" + "0000" +      // AndXCommand none, AndXReserved, AndXOffset
            "2143" +                    // FID
            "11" +                      // TypeOfLock: LARGE_FILES | SHARED_LOCK
            "00" +                      // NewOpLockLevel
            "FFFFFFFF" +                // Timeout: wait for ever
            "0000" +                    // NumberOfRequestedUnlocks
            "0100"));                   // NumberOfRequestedLocks
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(49)), Is.EqualTo(20), "ByteCount: one LOCKING_ANDX_RANGE64");
        Assert.That(Hex(message.AsSpan(51)), Is.EqualTo(
            "AD0B" + "0000" +           // PID, Pad
            "00000040" +                // ByteOffsetHigh
            "78563412" +                // ByteOffsetLow
            "01000000" +                // LengthInBytesHigh
            "02000000"));               // LengthInBytesLow
    }

    [Test]
    public void Lock_ExclusiveFailImmediately_TimeoutZero_NoSharedBit()
    {
        var message = Encode(LockingAndXRequest.Lock(7, 1, 100, 10, shared: false, wait: false, largeFiles: true));
        Assert.That(message[33 + 6], Is.EqualTo(0x10), "LARGE_FILES only: exclusive");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(33 + 8)), Is.Zero, "Timeout 0: fail at once");
    }

    [Test]
    public void Unlock_Range32WithoutLargeFiles_CountedAsUnlock()
    {
        var message = Encode(LockingAndXRequest.Unlock(7, 0x0102, 0x8000_0000, 0xFFFF_FFFF, largeFiles: false));
        Assert.That(Hex(message.AsSpan(33, 16)), Is.EqualTo("FF000000" + "0700" + "00" + "00" + "00000000" + "0100" + "0000"));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(49)), Is.EqualTo(10), "ByteCount: one LOCKING_ANDX_RANGE32");
        Assert.That(Hex(message.AsSpan(51)), Is.EqualTo("0201" + "00000080" + "FFFFFFFF"));
    }

    [TestCase(1UL << 32, 1UL)]
    [TestCase(0UL, 1UL << 32)]
    public void Lock_BeyondThirtyTwoBitsWithoutLargeFiles_RefusedBeforeSending(ulong offset, ulong length)
    {
        var e = Assert.Throws<SmbException>(() => LockingAndXRequest.Lock(1, 1, offset, length, shared: false, wait: false, largeFiles: false));
        Assert.That(e!.Message, Does.Contain("CAP_LARGE_FILES").And.Contain($"offset {offset}"));
    }

    [Test]
    public void NtCancel_NoWordsNoBytes()
    {
        var message = Encode(NtCancelRequest.Instance);
        Assert.That(message[4], Is.EqualTo(0xA4), "SMB_COM_NT_CANCEL");
        Assert.That(Hex(message.AsSpan(32)), Is.EqualTo("00" + "0000"), "WordCount 0, ByteCount 0");
    }

    [Test]
    public void Response_TwoWords_Accepted()
    {
        var message = Smb1ResponseBuilder.Message(Smb1Command.LockingAndX, [0xFF, 0, 0, 0], []);
        Assert.DoesNotThrow(() => LockingAndXResponse.Validate(message));
    }

    [Test]
    public void Response_TooFewWordsOrTruncated_ProtocolError()
    {
        var noWords = Smb1ResponseBuilder.Message(Smb1Command.LockingAndX, [], []);
        Assert.That(Assert.Throws<SmbProtocolException>(() => LockingAndXResponse.Validate(noWords))!.Message, Does.Contain("LOCKING_ANDX"));
        var truncated = Smb1ResponseBuilder.Message(Smb1Command.LockingAndX, [0xFF, 0, 0, 0], [])[..36];
        Assert.Throws<SmbProtocolException>(() => LockingAndXResponse.Validate(truncated));
    }
}
