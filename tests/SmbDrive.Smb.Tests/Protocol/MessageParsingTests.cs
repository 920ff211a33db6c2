using System.Buffers.Binary;
using System.Text;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Protocol;

/// <summary>Hostile and truncated responses must become SmbProtocolException, never an out-of-range read.</summary>
public class MessageParsingTests
{
    private static byte[] Response(Smb2Command command, int bodyLength, ushort structureSize)
    {
        var message = new byte[64 + bodyLength];
        new Smb2Header { Command = command, Flags = Smb2Flags.ServerToRedir }.Write(message);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(64), structureSize);
        return message;
    }

    [Test]
    public void ReadResponse_DataInsideMessage_Located()
    {
        var message = Response(Smb2Command.Read, 16 + 100, 17);
        message[66] = 80;
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(68), 100);
        Assert.That(ReadResponse.Locate(message, 100), Is.EqualTo((80, 100)));
    }

    [TestCase(80, 101u, 200)]        // data runs past the end of the message
    [TestCase(80, 50u, 40)]          // more data than was asked for
    [TestCase(10, 4u, 100)]          // data offset inside the header
    [TestCase(80, 0xFFFFFFFFu, int.MaxValue)] // length that would wrap 32-bit arithmetic
    public void ReadResponse_HostileOffsets_ProtocolError(int dataOffset, uint dataLength, int requested)
    {
        var message = Response(Smb2Command.Read, 16 + 100, 17);
        message[66] = (byte)dataOffset;
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(68), dataLength);
        Assert.Throws<SmbProtocolException>(() => ReadResponse.Locate(message, requested));
    }

    [Test]
    public void ReadResponse_WrongStructureSize_ProtocolError() =>
        Assert.Throws<SmbProtocolException>(() => ReadResponse.Locate(Response(Smb2Command.Read, 16, 9), 10));

    [Test]
    public void NegotiateResponse_ContextOffsetOutsideMessage_ProtocolError()
    {
        var message = Response(Smb2Command.Negotiate, 64 + 8, 65);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(64 + 4), 0x0311);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(64 + 6), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(64 + 28), 65536);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(64 + 32), 65536);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(64 + 60), 0xFFFFFFF0);
        Assert.Throws<SmbProtocolException>(() => NegotiateResponse.Parse(message));
    }

    [Test]
    public void NegotiateRequest_311_ContextsAlignedAndCounted()
    {
        var request = new NegotiateRequest
        {
            Dialects = [SmbDialect.Smb202, SmbDialect.Smb210, SmbDialect.Smb300, SmbDialect.Smb302, SmbDialect.Smb311],
            SecurityMode = 1, Capabilities = SmbCapabilities.LargeMtu, ClientGuid = Guid.NewGuid(), Salt = new byte[32],
            Ciphers = [2, 1], SigningAlgorithms = [2, 1, 0],
        };
        var body = new byte[request.BodySize];
        request.WriteBody(body);
        uint contextOffset = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(28));
        Assert.That(contextOffset % 8, Is.Zero);
        Assert.That(contextOffset, Is.EqualTo(64u + 48)); // 36 fixed + 10 dialect bytes, aligned to 8 from the header start
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(32)), Is.EqualTo(3));
        int first = (int)contextOffset - 64;
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(first)), Is.EqualTo(NegotiateRequest.ContextPreauth));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(first + 2)), Is.EqualTo(38));
    }

    [Test]
    public void ParseIdBothDirectory_TwoEntries_SkipsDotsAndReadsFields()
    {
        byte[] data = [.. Entry(".", next: true, 0, 1), .. Entry("日本語 😀.txt", next: false, 1234, 99)];
        var list = new List<SmbFileInfo>();
        FileInformation.ParseIdBothDirectory(data, list);
        Assert.That(list, Has.Count.EqualTo(1));
        Assert.That(list[0].Name, Is.EqualTo("日本語 😀.txt"));
        Assert.That(list[0].Size, Is.EqualTo(1234));
        Assert.That(list[0].FileId, Is.EqualTo(99ul));
    }

    [Test]
    public void ParseIdBothDirectory_NameLengthBeyondEntry_ProtocolError()
    {
        byte[] data = Entry("abc", next: false, 0, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(60), 0xFFFFFFFE);
        Assert.Throws<SmbProtocolException>(() => FileInformation.ParseIdBothDirectory(data, []));
    }

    [Test]
    public void ParseIdBothDirectory_NextOffsetPastEnd_ProtocolError()
    {
        byte[] data = Entry("abc", next: true, 0, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(data, 0x7FFFFFF8);
        Assert.Throws<SmbProtocolException>(() => FileInformation.ParseIdBothDirectory(data, []));
    }

    private static byte[] Entry(string name, bool next, long size, ulong fileId)
    {
        byte[] nameBytes = Encoding.Unicode.GetBytes(name);
        int length = (104 + nameBytes.Length + 7) & ~7;
        var entry = new byte[length];
        if (next) BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)length);
        BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(40), size);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(56), 0x20);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(60), (uint)nameBytes.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(96), fileId);
        nameBytes.CopyTo(entry.AsSpan(104));
        return entry;
    }
}
