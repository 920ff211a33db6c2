using System.Buffers.Binary;
using System.Text;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Protocol;

/// <summary>CHANGE_NOTIFY (MS-SMB2 2.2.35/2.2.36) on the wire and the FILE_NOTIFY_INFORMATION chain (MS-FSCC 2.7.1)
/// it carries, well-formed and malformed.</summary>
public class ChangeNotifyMessageTests
{
    private static readonly Smb2FileId FileId = new(0x1122334455667788, 0x99AABBCCDDEEFF00);

    [Test]
    public void Request_FieldsAtSpecOffsets()
    {
        var request = new ChangeNotifyRequest(FileId, SmbChangeFilter.FileName | SmbChangeFilter.LastWrite, watchTree: true, 65536);
        var body = new byte[request.BodySize];
        body.AsSpan().Fill(0xEE); // every byte must be written, the reserved one included
        request.WriteBody(body);
        Assert.That(request.Command, Is.EqualTo(Smb2Command.ChangeNotify));
        Assert.That(request.CreditPayloadSize, Is.EqualTo(65536), "charged for the answer it may get: one credit for 64 KiB");
        Assert.That(body, Has.Length.EqualTo(32));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body), Is.EqualTo(32), "StructureSize");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(2)), Is.EqualTo(1), "Flags SMB2_WATCH_TREE");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(4)), Is.EqualTo(65536u), "OutputBufferLength");
        Assert.That(Smb2FileId.Read(body.AsSpan(8)), Is.EqualTo(FileId));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(24)), Is.EqualTo(0x11u), "CompletionFilter FILE_NAME|LAST_WRITE");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(28)), Is.Zero, "Reserved");
    }

    [Test]
    public void Request_WithoutTree_FlagsZero()
    {
        var request = new ChangeNotifyRequest(FileId, SmbChangeFilter.DirectoryName, watchTree: false, 100);
        var body = new byte[request.BodySize];
        body.AsSpan().Fill(0xEE);
        request.WriteBody(body);
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(2)), Is.Zero);
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(24)), Is.EqualTo(2u));
    }

    /// <summary>One FILE_NOTIFY_INFORMATION entry; <paramref name="next"/> null means "aligned to 4 after the name",
    /// as servers lay them out.</summary>
    private static byte[] Entry(uint action, string name, uint? next = 0, uint? nameLength = null)
    {
        byte[] utf16 = Encoding.Unicode.GetBytes(name);
        int size = (12 + utf16.Length + 3) & ~3;
        var entry = new byte[size];
        BinaryPrimitives.WriteUInt32LittleEndian(entry, next ?? (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), action);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(8), nameLength ?? (uint)utf16.Length);
        utf16.CopyTo(entry, 12);
        return entry;
    }

    [Test]
    public void Chain_ThreeEntries_ParsedInOrder()
    {
        byte[] buffer = [.. Entry(4, "old.txt", next: null), .. Entry(5, "sub\\new name é.txt", next: null), .. Entry(1, "a")];
        var changes = FileNotifyInformation.Parse(buffer);
        Assert.That(changes, Is.EqualTo(new[]
        {
            new SmbChange(SmbChangeAction.RenamedOldName, "old.txt"),
            new SmbChange(SmbChangeAction.RenamedNewName, "sub\\new name é.txt"),
            new SmbChange(SmbChangeAction.Added, "a"),
        }));
    }

    [Test]
    public void Chain_UnknownActionAndEmptyName_PassedOn()
    {
        var changes = FileNotifyInformation.Parse(Entry(0x99, ""));
        Assert.That(changes, Is.EqualTo(new[] { new SmbChange((SmbChangeAction)0x99, "") }));
    }

    [Test]
    public void Chain_Empty_NoChanges() => Assert.That(FileNotifyInformation.Parse([]), Is.Empty);

    private static void AssertMalformed(byte[] buffer, string detail)
    {
        var e = Assert.Throws<SmbProtocolException>(() => FileNotifyInformation.Parse(buffer));
        Assert.That(e!.Message, Does.Contain("malformed FILE_NOTIFY_INFORMATION").And.Contain(detail));
    }

    [Test]
    public void Malformed_TruncatedHeader() => AssertMalformed(Entry(1, "abc")[..11], "truncated");

    [Test]
    public void Malformed_SecondEntryTruncated()
    {
        byte[] buffer = [.. Entry(1, "ab", next: null), .. new byte[8]];
        AssertMalformed(buffer, "entry at 16 truncated");
    }

    [Test]
    public void Malformed_NameLengthPastTheEnd() => AssertMalformed(Entry(1, "ab", nameLength: 100), "past the end");

    [Test]
    public void Malformed_HugeNameLength_NoAllocationOfIt() =>
        AssertMalformed(Entry(1, "ab", nameLength: 0xFFFFFFFE), "past the end");

    [Test]
    public void Malformed_OddNameLength() => AssertMalformed(Entry(1, "ab", nameLength: 3), "odd name length 3");

    [Test]
    public void Malformed_NextEntryInsideTheEntry_PointingBackwards()
    {
        // 8 points into this entry's own header: the walk would go backwards relative to the entry's end.
        byte[] buffer = [.. Entry(1, "abcd", next: 8), .. Entry(1, "x")];
        AssertMalformed(buffer, "next entry offset 8");
    }

    [TestCase(4096u)]
    [TestCase(0xFFFFFFF0u)] // -16 read as unsigned: "backwards" by a whole entry
    [TestCase(uint.MaxValue)]
    public void Malformed_NextEntryPastTheEnd(uint next)
    {
        byte[] buffer = [.. Entry(1, "ab", next: next), .. Entry(1, "c")];
        AssertMalformed(buffer, $"next entry offset {next}");
    }

    [Test]
    public void Malformed_NextEntryExactlyAtTheEnd() => AssertMalformed(Entry(1, "ab", next: 16), "next entry offset 16");

    [Test]
    public void Malformed_NextEntryLoopsOnItself()
    {
        // An offset of 0 ends the chain; the smallest loop a server could send is one that lands inside the entry.
        var entry = Entry(1, "ab", next: 1);
        AssertMalformed([.. entry, .. Entry(1, "c")], "next entry offset 1");
    }

    private static byte[] Response(ushort structureSize, ushort offset, uint length, byte[] data)
    {
        var message = new byte[Smb2Header.Size + 8 + data.Length];
        new Smb2Header { Command = Smb2Command.ChangeNotify, Flags = Smb2Flags.ServerToRedir }.Write(message);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(Smb2Header.Size), structureSize);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(Smb2Header.Size + 2), offset);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(Smb2Header.Size + 4), length);
        data.CopyTo(message, Smb2Header.Size + 8);
        return message;
    }

    [Test]
    public void Response_WellFormed_ChangesParsed()
    {
        var data = Entry(2, "gone.bin");
        var changes = ChangeNotifyResponse.Parse(Response(9, Smb2Header.Size + 8, (uint)data.Length, data), 65536);
        Assert.That(changes, Is.EqualTo(new[] { new SmbChange(SmbChangeAction.Removed, "gone.bin") }));
    }

    [Test]
    public void Response_EmptyBuffer_NoChanges() =>
        Assert.That(ChangeNotifyResponse.Parse(Response(9, 0, 0, []), 65536), Is.Empty);

    [Test]
    public void Response_BufferPastTheMessage_ProtocolError()
    {
        var data = Entry(2, "gone.bin");
        var e = Assert.Throws<SmbProtocolException>(() => ChangeNotifyResponse.Parse(Response(9, Smb2Header.Size + 8, 1000, data), 65536));
        Assert.That(e!.Message, Does.Contain("malformed CHANGE_NOTIFY response"));
    }

    [Test]
    public void Response_LargerThanAllowed_ProtocolError()
    {
        var data = Entry(2, "gone.bin");
        var e = Assert.Throws<SmbProtocolException>(() => ChangeNotifyResponse.Parse(Response(9, Smb2Header.Size + 8, (uint)data.Length, data), 8));
        Assert.That(e!.Message, Does.Contain("at most 8"));
    }

    [Test]
    public void Response_WrongStructureSize_ProtocolError()
    {
        var e = Assert.Throws<SmbProtocolException>(() => ChangeNotifyResponse.Parse(Response(17, 0, 0, []), 65536));
        Assert.That(e!.Message, Does.Contain("StructureSize 17"));
    }
}
