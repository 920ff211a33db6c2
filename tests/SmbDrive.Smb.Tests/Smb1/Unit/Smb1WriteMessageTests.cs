using System.Buffers.Binary;
using System.Text;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>The write side's requests byte for byte against MS-CIFS / MS-SMB (offsets from the header start), and
/// its responses, hostile ones included, which must end in SmbProtocolException and never an unchecked read.</summary>
public class Smb1WriteMessageTests
{
    private static byte[] Encode(ISmb1Request request, Smb1Strings? strings = null)
    {
        strings ??= Smb1Strings.Unicode;
        var message = new byte[Smb1Header.Size + request.BodySize(strings)];
        new Smb1Header { Command = request.Command }.Write(message);
        request.WriteBody(message, strings);
        return message;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    [Test]
    public void WriteAndX_LargeWriteAtSixtyFourBitOffset_WordsAndDataAsSpecified()
    {
        byte[] data = Enumerable.Range(0, 0x1_0005).Select(i => (byte)(i * 3)).ToArray();
        var request = new WriteAndXRequest(0x4321, 0x1_2345_6789, data, remaining: 70_000, largeOffsets: true, largeWrite: true);
        var message = Encode(request);
        Assert.That(message[4], Is.EqualTo(0x2F), "SMB_COM_WRITE_ANDX");
        Assert.That(message[32], Is.EqualTo(14), "WordCount 0x0E: with OffsetHigh");
        Assert.That(Hex(message.AsSpan(33, 28)), Is.EqualTo(
            "FF" + "00" + "0000" +      // AndXCommand none, AndXReserved, AndXOffset
            "2143" +                    // FID
            "89674523" +                // Offset, low 32 bits
            "00000000" +                // Timeout
            "0000" +                    // WriteMode
            "FFFF" +                    // Remaining: 70000 capped
            "0100" +                    // DataLengthHigh
            "0500" +                    // DataLength, low 16 bits of 0x10005
            "4000" +                    // DataOffset 64
            "01000000"));               // OffsetHigh
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(61)), Is.EqualTo(6), "ByteCount: the low 16 bits of 1 + 0x10005");
        Assert.That(message[63], Is.Zero, "pad");
        Assert.That(message.AsSpan(64).SequenceEqual(data), Is.True);
        Assert.That(request.MayExceedMaxBufferSize, Is.True);
    }

    [Test]
    public void WriteAndX_WithoutLargeFiles_TwelveWords_DataAtSixty()
    {
        var request = new WriteAndXRequest(7, 4096, "abc"u8.ToArray(), 0, largeOffsets: false, largeWrite: false);
        var message = Encode(request);
        Assert.That(message[32], Is.EqualTo(12));
        Assert.That(Hex(message.AsSpan(33, 24)), Is.EqualTo("FF000000" + "0700" + "00100000" + "00000000" + "0000" + "0000" + "0000" + "0300" + "3C00"));
        Assert.That(Hex(message.AsSpan(57)), Is.EqualTo("0400" + "00" + "616263"));
        Assert.That(request.MayExceedMaxBufferSize, Is.False);
    }

    [Test]
    public void WriteAndX_ImpossibleRequests_Refused()
    {
        Assert.Throws<SmbException>(() => new WriteAndXRequest(1, uint.MaxValue, new byte[2], 0, largeOffsets: false, largeWrite: false),
            "past 4 GiB without CAP_LARGE_FILES");
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteAndXRequest(1, 0, new byte[0x10000], 0, largeOffsets: true, largeWrite: false),
            "DataLength is 16 bits without CAP_LARGE_WRITEX");
        Assert.Throws<ArgumentException>(() => new WriteAndXRequest(1, 0, ReadOnlyMemory<byte>.Empty, 0, largeOffsets: true, largeWrite: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteAndXRequest(1, -1, new byte[1], 0, largeOffsets: true, largeWrite: true));
    }

    /// <summary>WRITE_ANDX response; Available 0xFFFF as Samba sends it; <paramref name="words"/> bytes of words.</summary>
    private static byte[] WriteResponse(int count, ushort countHigh = 0, int words = 12)
    {
        byte[] all = [0xFF, 0, 0, 0, (byte)count, (byte)(count >> 8), 0xFF, 0xFF, (byte)countHigh, (byte)(countHigh >> 8), 0, 0];
        return Smb1ResponseBuilder.Message(Smb1Command.WriteAndX, all[..words], []);
    }

    [Test]
    public void WriteAndXResponse_CountAndCountHigh()
    {
        Assert.That(WriteAndXResponse.Count(WriteResponse(1000), 1000), Is.EqualTo(1000));
        Assert.That(WriteAndXResponse.Count(WriteResponse(0x0005, countHigh: 1), 0x1_0005), Is.EqualTo(0x1_0005));
        Assert.That(WriteAndXResponse.Count(WriteResponse(300), 1000), Is.EqualTo(300), "a short write is a count, not an error");
    }

    [Test]
    public void WriteAndXResponse_GarbageCountHigh_MaskedToLowBits() =>
        Assert.That(WriteAndXResponse.Count(WriteResponse(1000, countHigh: 0x1234), 1000), Is.EqualTo(1000));

    [Test]
    public void WriteAndXResponse_Hostile_ProtocolErrors()
    {
        var more = Assert.Throws<SmbProtocolException>(() => WriteAndXResponse.Count(WriteResponse(2000), 1000));
        Assert.That(more!.Message, Does.Contain("WRITE_ANDX").And.Contain("2000"));
        Assert.Throws<SmbProtocolException>(() => WriteAndXResponse.Count(WriteResponse(10, words: 8), 1000), "four words, Count missing its high half");
        var truncated = WriteResponse(10)[..40];
        Assert.Throws<SmbProtocolException>(() => WriteAndXResponse.Count(truncated, 1000), "cut inside the words");
        Assert.Throws<SmbProtocolException>(() => WriteAndXResponse.Count(WriteResponse(10)[..32], 1000), "header only");
    }

    [Test]
    public void NtCreateAndX_CallersParameters_InTheirWords()
    {
        var parameters = new SmbCreateParameters
        {
            Access = SmbAccess.GenericRead | SmbAccess.GenericWrite | SmbAccess.Delete,
            ShareAccess = SmbShareAccess.Read | SmbShareAccess.Delete,
            Disposition = SmbCreateDisposition.OverwriteIf,
            Options = SmbCreateOptions.NonDirectoryFile | SmbCreateOptions.WriteThrough,
            Attributes = FileAttributes.Hidden,
        };
        var words = Encode(NtCreateAndXRequest.For(@"\d\f.txt", parameters)).AsSpan(33, 48);
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[15..]), Is.EqualTo(0x0012019Fu | 0x10000u), "DesiredAccess as given");
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(words[19..]), Is.Zero, "AllocationSize");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[27..]), Is.EqualTo(0x2u), "ExtFileAttributes: hidden");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[31..]), Is.EqualTo(5u), "ShareAccess read|delete");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[35..]), Is.EqualTo(5u), "FILE_OVERWRITE_IF");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[39..]), Is.EqualTo(0x42u), "CreateOptions");
    }

    [Test]
    public void PathCommands_UnicodeNamesAlignedAfterFormatByte()
    {
        // CREATE_DIRECTORY: no words; bytes start at 35 (odd): 0x04 at 35, the name at 36 (even), no pad.
        var mkdir = Encode(new CreateDirectoryRequest(@"\ab"));
        Assert.That(mkdir[4], Is.EqualTo(0x00));
        Assert.That(Hex(mkdir.AsSpan(32)), Is.EqualTo("00" + "0900" + "04" + "5C0061006200" + "0000"));
        var rmdir = Encode(new DeleteDirectoryRequest(@"\ab"));
        Assert.That(rmdir[4], Is.EqualTo(0x01));
        Assert.That(Hex(rmdir.AsSpan(35)), Is.EqualTo(Hex(mkdir.AsSpan(35))));

        // DELETE: one word; bytes at 37: 0x04 at 37, 38 is even, the name follows directly.
        var delete = Encode(new DeleteRequest(@"\x"));
        Assert.That(delete[4], Is.EqualTo(0x06));
        Assert.That(Hex(delete.AsSpan(32)), Is.EqualTo("01" + "0600" + "0700" + "04" + "5C0078000000"));

        // NT_RENAME: four words; bytes at 43: 0x04 at 43, old name at 44; 0x04 at 50, pad at 51, new name at 52.
        var rename = Encode(new NtRenameRequest(@"\a", @"\b"));
        Assert.That(rename[4], Is.EqualTo(0xA5));
        Assert.That(Hex(rename.AsSpan(32)), Is.EqualTo("04" + "1600" + "0401" + "00000000" + "0F00" +
            "04" + "5C0061000000" + "04" + "00" + "5C0062000000"));

        // SMB_COM_RENAME: one word; bytes at 37.
        var core = Encode(new RenameRequest(@"\a", @"\b"));
        Assert.That(core[4], Is.EqualTo(0x07));
        Assert.That(Hex(core.AsSpan(32)), Is.EqualTo("01" + "1600" + "0F00" + "04" + "5C0061000000" + "04" + "00" + "5C0062000000"));
    }

    [Test]
    public void PathCommands_OemNames_NoPad()
    {
        var rename = Encode(new NtRenameRequest(@"\é", @"\b"), Smb1Strings.Oem);
        Assert.That(Hex(rename.AsSpan(41)), Is.EqualTo("0800" + "04" + "5C8200" + "04" + "5C6200"), "CP850: é is 0x82");
    }

    [Test]
    public void Flush_FidOnly()
    {
        var flush = Encode(Smb1SimpleRequest.Flush(0x0506));
        Assert.That(flush[4], Is.EqualTo(0x05));
        Assert.That(Hex(flush.AsSpan(32)), Is.EqualTo("01" + "0605" + "0000"));
    }

    [Test]
    public void Trans2SetFileInformation_ParametersThenAlignedData()
    {
        byte[] parameters = Trans2Parameters.SetFileInformation(0x0A0B, 1020);
        Assert.That(Hex(parameters), Is.EqualTo("0B0A" + "FC03" + "0000"));
        byte[] data = SetFileInformation.Size(0x1_0000_0002);
        var message = Encode(new Trans2Request(Trans2Request.SetFileInformation, parameters, data, 2, 0));
        var words = message.AsSpan(33, 30);
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[2..]), Is.EqualTo(8), "TotalDataCount");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[6..]), Is.Zero, "MaxDataCount: the response has no data");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[20..]), Is.EqualTo(68), "ParameterOffset");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[24..]), Is.EqualTo(76), "DataOffset: 68 + 6, rounded up to 4");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[28..]), Is.EqualTo(8), "TRANS2_SET_FILE_INFORMATION");
        Assert.That(Hex(message.AsSpan(76)), Is.EqualTo("0200000001000000"));
        Assert.That(message, Has.Length.EqualTo(84));
    }

    [Test]
    public void SetInformationLevels_PassThroughOrNative()
    {
        Assert.That(Smb1SetInformation.Level(SetFileInformation.FileBasicInformation, passThrough: true), Is.EqualTo(1004));
        Assert.That(Smb1SetInformation.Level(SetFileInformation.FileEndOfFileInformation, passThrough: true), Is.EqualTo(1020));
        Assert.That(Smb1SetInformation.Level(SetFileInformation.FileBasicInformation, passThrough: false), Is.EqualTo(0x101));
        Assert.That(Smb1SetInformation.Level(SetFileInformation.FileDispositionInformation, passThrough: false), Is.EqualTo(0x102));
        Assert.That(Smb1SetInformation.Level(SetFileInformation.FileAllocationInformation, passThrough: false), Is.EqualTo(0x103));
        Assert.That(Smb1SetInformation.Level(SetFileInformation.FileEndOfFileInformation, passThrough: false), Is.EqualTo(0x104));
        Assert.Throws<ArgumentOutOfRangeException>(() => Smb1SetInformation.Level(SetFileInformation.FileRenameInformation, passThrough: false));
        Assert.That(Smb1SetInformation.RenameLevel, Is.EqualTo(1010));
    }

    [Test]
    public void RenameInformation_Smb1Form_NameWithoutTerminator()
    {
        Assert.That(Hex(Smb1SetInformation.Rename(Smb1Strings.Unicode, "b.txt", replaceIfExists: true)),
            Is.EqualTo("01000000" + "00000000" + "0A000000" + Hex(Encoding.Unicode.GetBytes("b.txt"))));
        Assert.That(Hex(Smb1SetInformation.Rename(Smb1Strings.Oem, "é", replaceIfExists: false)),
            Is.EqualTo("00000000" + "00000000" + "01000000" + "82"));
    }

    [Test]
    public void BasicInformation_ZeroAndMinusOneTravelAsGiven()
    {
        var info = new SmbBasicInfo(0, SmbBasicInfo.KeepAndFreeze, 0x01D0_0000_0000_0000, 0, FileAttributes.ReadOnly);
        Assert.That(Hex(SetFileInformation.Basic(info)), Is.EqualTo(
            "0000000000000000" + "FFFFFFFFFFFFFFFF" + "000000000000D001" + "0000000000000000" + "01000000" + "00000000"));
    }
}
