using System.Buffers.Binary;
using System.Text;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>Hostile and truncated SMB1 responses must become SmbProtocolException, never an out-of-range read;
/// well-formed ones are read as specified.</summary>
public class Smb1ResponseParsingTests
{
    [Test]
    public void Reader_WordCountPastEnd_ProtocolError()
    {
        var message = Smb1ResponseBuilder.Message(Smb1Command.Close, [], []);
        message[32] = 200;
        Assert.Throws<SmbProtocolException>(() => new Smb1Reader(message, "CLOSE"));
    }

    [Test]
    public void Reader_ByteCountPastEnd_ProtocolError() =>
        Assert.Throws<SmbProtocolException>(() => new Smb1Reader(Smb1ResponseBuilder.Message(Smb1Command.Echo, [1, 0], [1, 2], byteCount: 0xFFFF), "ECHO"));

    [Test]
    public void Reader_OnlyHeader_ProtocolError() =>
        Assert.Throws<SmbProtocolException>(() => new Smb1Reader(Smb1ResponseBuilder.Message(Smb1Command.Echo, [], [])[..32], "ECHO"));

    [Test]
    public void Header_NotSmb1_ProtocolError()
    {
        var message = Smb1ResponseBuilder.Message(Smb1Command.Echo, [], []);
        message[0] = 0xFE;
        Assert.Throws<SmbProtocolException>(() => Smb1Header.Read(message));
        Assert.Throws<SmbProtocolException>(() => Smb1Header.Read(new byte[31]));
    }

    [Test]
    public void ReadAndX_DataInsideMessage_Located()
    {
        byte[] data = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        Assert.That(ReadAndXResponse.Locate(Smb1ResponseBuilder.ReadAndX(data), 100), Is.EqualTo((60, 100)));
    }

    [Test]
    public void ReadAndX_LengthAbove64KiB_DataLengthHighCombined()
    {
        var data = new byte[0x10005];
        // ByteCount cannot hold the length (it wraps, as Samba sends it); DataOffset and the two length words still locate it.
        Assert.That(ReadAndXResponse.Locate(Smb1ResponseBuilder.ReadAndX(data), 0x20000), Is.EqualTo((60, 0x10005)));
    }

    [TestCase(60, 101, 200)]      // data runs past the end of the message
    [TestCase(60, 50, 40)]        // more data than was asked for
    [TestCase(20, 4, 100)]        // data offset inside the header
    [TestCase(50, 4, 100)]        // data offset inside the parameter words
    [TestCase(0xFFFF, 0x1FFFF, int.MaxValue)] // offset and length that would wrap 16-bit arithmetic
    public void ReadAndX_HostileOffsets_ProtocolError(int dataOffset, int dataLength, int requested)
    {
        var message = Smb1ResponseBuilder.ReadAndX(new byte[100], dataOffset: dataOffset, dataLength: dataLength);
        Assert.Throws<SmbProtocolException>(() => ReadAndXResponse.Locate(message, requested));
    }

    [Test]
    public void ReadAndX_TooFewWords_ProtocolError() =>
        Assert.Throws<SmbProtocolException>(() => ReadAndXResponse.Locate(Smb1ResponseBuilder.Message(Smb1Command.ReadAndX, new byte[20], []), 10));

    private static byte[] CoreRead(int returned, byte bufferFormat, int countOfBytesRead, int dataBytes)
    {
        var words = new byte[10];
        BinaryPrimitives.WriteUInt16LittleEndian(words, (ushort)returned);
        var bytes = new byte[3 + dataBytes];
        bytes[0] = bufferFormat;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1), (ushort)countOfBytesRead);
        return Smb1ResponseBuilder.Message(Smb1Command.Read, words, bytes);
    }

    [Test]
    public void CoreRead_DataBlock_Located() =>
        Assert.That(CoreReadResponse.Locate(CoreRead(10, 1, 10, 10), 10), Is.EqualTo((33 + 10 + 2 + 3, 10)));

    [TestCase(10, 2, 10, 10, 10)]   // not a data block
    [TestCase(10, 1, 9, 10, 10)]    // the two counts disagree
    [TestCase(11, 1, 11, 10, 20)]   // more than the bytes carry
    [TestCase(10, 1, 10, 10, 5)]    // more than asked for
    public void CoreRead_Malformed_ProtocolError(int returned, int bufferFormat, int countOfBytesRead, int dataBytes, int requested) =>
        Assert.Throws<SmbProtocolException>(() => CoreReadResponse.Locate(CoreRead(returned, (byte)bufferFormat, countOfBytesRead, dataBytes), requested));

    private static byte[] NegotiateWords(ushort dialect, Smb1Capabilities capabilities)
    {
        var words = new byte[34];
        BinaryPrimitives.WriteUInt16LittleEndian(words, dialect);
        words[2] = 0x0F;
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(3), 50);
        BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(7), 16644);
        BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(15), 0x11223344);
        BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(19), (uint)capabilities);
        return words;
    }

    [Test]
    public void Negotiate_NtLm012ExtendedSecurity_Parsed()
    {
        var guid = Guid.NewGuid();
        var message = Smb1ResponseBuilder.Message(Smb1Command.Negotiate, NegotiateWords(0, Smb1Capabilities.ExtendedSecurity | Smb1Capabilities.Unicode), guid.ToByteArray());
        var parsed = Smb1NegotiateResponse.Parse(message);
        Assert.That((parsed.MaxMpxCount, parsed.MaxBufferSize, parsed.SessionKey, parsed.ServerGuid, parsed.SigningRequired),
            Is.EqualTo(((ushort)50, 16644u, 0x11223344u, guid, true)));
    }

    [Test]
    public void Negotiate_NoDialect_OneWord()
    {
        var message = Smb1ResponseBuilder.Message(Smb1Command.Negotiate, [0xFF, 0xFF], []);
        Assert.That(Smb1NegotiateResponse.Parse(message).DialectIndex, Is.EqualTo(Smb1NegotiateResponse.NoDialect));
    }

    [Test]
    public void Negotiate_WrongWordCountOrMissingGuid_ProtocolError()
    {
        Assert.Throws<SmbProtocolException>(() => Smb1NegotiateResponse.Parse(Smb1ResponseBuilder.Message(Smb1Command.Negotiate, new byte[26], [])));
        Assert.Throws<SmbProtocolException>(() => Smb1NegotiateResponse.Parse(
            Smb1ResponseBuilder.Message(Smb1Command.Negotiate, NegotiateWords(0, Smb1Capabilities.ExtendedSecurity), new byte[8])));
    }

    [Test]
    public void SessionSetup_BlobLongerThanBytes_ProtocolError()
    {
        var words = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(6), 50);
        Assert.Throws<SmbProtocolException>(() => SessionSetupAndXResponse.Parse(Smb1ResponseBuilder.Message(Smb1Command.SessionSetupAndX, words, new byte[10])));
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(6), 3);
        var parsed = SessionSetupAndXResponse.Parse(Smb1ResponseBuilder.Message(Smb1Command.SessionSetupAndX, words, [7, 8, 9, 0, 0]));
        Assert.That((parsed.IsGuest, parsed.SecurityBlob), Is.EqualTo((true, new byte[] { 7, 8, 9 })));
    }

    [Test]
    public void NtCreate_Parsed()
    {
        var words = new byte[68];
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(5), 0x4007);
        BinaryPrimitives.WriteInt64LittleEndian(words.AsSpan(27), new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).ToFileTimeUtc());
        BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(43), 0x20);
        BinaryPrimitives.WriteInt64LittleEndian(words.AsSpan(55), 5L << 30);
        words[67] = 1;
        var parsed = NtCreateAndXResponse.Parse(Smb1ResponseBuilder.Message(Smb1Command.NtCreateAndX, words, []));
        Assert.That((parsed.Fid, parsed.EndOfFile, parsed.IsDirectory), Is.EqualTo(((ushort)0x4007, 5L << 30, true)));
        Assert.That(parsed.Times.LastWrite, Is.EqualTo(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc)));
        Assert.That(parsed.Attributes, Is.EqualTo(FileAttributes.Archive | FileAttributes.Directory));
        Assert.Throws<SmbProtocolException>(() => NtCreateAndXResponse.Parse(Smb1ResponseBuilder.Message(Smb1Command.NtCreateAndX, new byte[66], [])));
    }

    [Test]
    public void Trans2Assembler_TwoParts_Reassembled()
    {
        var assembler = new Trans2Assembler(10, 100);
        byte[] data = Enumerable.Range(1, 100).Select(i => (byte)i).ToArray();
        Assert.That(assembler.Add(Smb1ResponseBuilder.Trans2Part(4, 100, [1, 2, 3, 4], 0, data[..60], 0)), Is.False);
        Assert.That(assembler.Add(Smb1ResponseBuilder.Trans2Part(4, 100, [], 0, data[60..], 60)), Is.True);
        Assert.That(assembler.Parameters, Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(assembler.Data, Is.EqualTo(data));
    }

    [Test]
    public void Trans2Assembler_TotalsAboveWhatWasAllowed_ProtocolError() =>
        Assert.Throws<SmbProtocolException>(() => new Trans2Assembler(10, 100).Add(Smb1ResponseBuilder.Trans2Part(4, 60_000, [1, 2, 3, 4], 0, [], 0)));

    [Test]
    public void Trans2Assembler_SliceOutsideTotals_ProtocolError() =>
        Assert.Throws<SmbProtocolException>(() => new Trans2Assembler(10, 100).Add(Smb1ResponseBuilder.Trans2Part(4, 50, [1, 2, 3, 4], 0, new byte[20], 40)));

    [Test]
    public void Trans2Assembler_OffsetOutsideMessage_ProtocolError() =>
        Assert.Throws<SmbProtocolException>(() => new Trans2Assembler(10, 100).Add(Smb1ResponseBuilder.Trans2Part(4, 0, [1, 2, 3, 4], 0, [], 0, parameterOffset: 0xFFF0)));

    [Test]
    public void Trans2Assembler_EmptyPartBeforeEnd_ProtocolError()
    {
        var assembler = new Trans2Assembler(10, 100);
        assembler.Add(Smb1ResponseBuilder.Trans2Part(4, 100, [1, 2, 3, 4], 0, new byte[10], 0));
        Assert.Throws<SmbProtocolException>(() => assembler.Add(Smb1ResponseBuilder.Trans2Part(4, 100, [], 0, [], 0)));
    }

    [Test]
    public void Trans2Assembler_TotalsGrowBetweenParts_ProtocolError()
    {
        var assembler = new Trans2Assembler(10, 100);
        assembler.Add(Smb1ResponseBuilder.Trans2Part(4, 50, [1, 2, 3, 4], 0, new byte[10], 0));
        Assert.Throws<SmbProtocolException>(() => assembler.Add(Smb1ResponseBuilder.Trans2Part(4, 90, [], 0, new byte[10], 10)));
    }

    private static byte[] DirectoryEntry(string name, uint next, int nameLengthOverride = -1)
    {
        byte[] nameBytes = Encoding.Unicode.GetBytes(name);
        var entry = new byte[Math.Max(94 + nameBytes.Length, next is 0 or > 4096 ? 0 : (int)next)];
        BinaryPrimitives.WriteUInt32LittleEndian(entry, next);
        BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(40), 1234);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(56), 0x20);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(60), (uint)(nameLengthOverride >= 0 ? nameLengthOverride : nameBytes.Length));
        nameBytes.CopyTo(entry, 94);
        return entry;
    }

    [Test]
    public void FindBoth_Entries_ParsedWithoutDots()
    {
        byte[] data = [.. DirectoryEntry(".", 104), .. DirectoryEntry("a.txt", 112), .. DirectoryEntry("日本", 0)];
        var into = new List<SmbFileInfo>();
        string last = FindFileBothDirectoryInfo.Parse(data, 3, Smb1Strings.Unicode, into);
        Assert.That(into.Select(e => e.Name), Is.EqualTo(new[] { "a.txt", "日本" }));
        Assert.That(into[0].Size, Is.EqualTo(1234));
        Assert.That(last, Is.EqualTo("日本"));
    }

    [Test]
    public void FindBoth_NameOutsideEntry_ProtocolError()
    {
        var into = new List<SmbFileInfo>();
        Assert.Throws<SmbProtocolException>(() => FindFileBothDirectoryInfo.Parse(DirectoryEntry("a", 0, nameLengthOverride: 5000), 1, Smb1Strings.Unicode, into));
        Assert.Throws<SmbProtocolException>(() => FindFileBothDirectoryInfo.Parse([.. DirectoryEntry("abc", 96), .. DirectoryEntry("b", 0)], 2, Smb1Strings.Unicode, into));
        Assert.Throws<SmbProtocolException>(() => FindFileBothDirectoryInfo.Parse(new byte[50], 1, Smb1Strings.Unicode, into));
        Assert.Throws<SmbProtocolException>(() => FindFileBothDirectoryInfo.Parse(DirectoryEntry("a", 0), 2, Smb1Strings.Unicode, into));
        Assert.Throws<SmbProtocolException>(() => FindFileBothDirectoryInfo.Parse(DirectoryEntry("a", 0xFFFFFFF0), 2, Smb1Strings.Unicode, into));
    }

    [Test]
    public void InformationLevels_ShortOrHostile_ProtocolError()
    {
        Assert.Throws<SmbProtocolException>(() => Smb1InformationLevels.ParseQueryFileAllInfo(new byte[71], "x"));
        Assert.Throws<SmbProtocolException>(() => Smb1InformationLevels.ParseFsSize(new byte[23]));
        var volume = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(volume.AsSpan(12), 0xFFFFFFFF);
        Assert.Throws<SmbProtocolException>(() => Smb1InformationLevels.ParseFsVolume(volume, Smb1Strings.Unicode));
        var attribute = new byte[14];
        BinaryPrimitives.WriteUInt32LittleEndian(attribute.AsSpan(8), 3);
        Assert.Throws<SmbProtocolException>(() => Smb1InformationLevels.ParseFsAttribute(attribute, Smb1Strings.Unicode));
    }

    [Test]
    public void QueryFileAllInfo_DirectoryFlagAndSizes()
    {
        var data = new byte[80];
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(40), 4096);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(48), 77);
        data[61] = 1;
        var info = Smb1InformationLevels.ParseQueryFileAllInfo(data, "d");
        Assert.That((info.Size, info.AllocationSize, info.IsDirectory, info.FileId), Is.EqualTo((77L, 4096L, true, 0UL)));
    }

    [Test]
    public void FindParameters_Short_ProtocolError()
    {
        Assert.Throws<SmbProtocolException>(() => Trans2Parameters.ParseFindFirst2(new byte[9]));
        Assert.Throws<SmbProtocolException>(() => Trans2Parameters.ParseFindNext2(new byte[7]));
        Assert.That(Trans2Parameters.ParseFindFirst2([1, 0, 5, 0, 1, 0, 0, 0, 0, 0]), Is.EqualTo(((ushort)1, (ushort)5, true)));
    }

    [Test]
    public void TreeConnect_ServiceParsed()
    {
        var message = Smb1ResponseBuilder.Message(Smb1Command.TreeConnectAndX, new byte[6], [.. "A:"u8, 0, .. "N\0T\0"u8]);
        Assert.That(TreeConnectAndXResponse.ParseService(message), Is.EqualTo("A:"));
        Assert.Throws<SmbProtocolException>(() => TreeConnectAndXResponse.ParseService(
            Smb1ResponseBuilder.Message(Smb1Command.TreeConnectAndX, new byte[6], "A:"u8.ToArray())));
    }
}
