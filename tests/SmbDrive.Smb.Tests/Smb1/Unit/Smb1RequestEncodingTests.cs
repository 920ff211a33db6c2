using System.Buffers.Binary;
using System.Text;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>Requests byte for byte against the layouts of MS-CIFS / MS-SMB (offsets counted from the header).</summary>
public class Smb1RequestEncodingTests
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
    public void ReadAndX_LargeOffsetAndCount_WordsAsSpecified()
    {
        var message = Encode(new ReadAndXRequest(fid: 0x4321, offset: 0x1_2345_6789, count: 0x2_0010, remaining: 70_000, largeOffsets: true));
        Assert.That(message[32], Is.EqualTo(12), "WordCount 0x0C: with OffsetHigh");
        Assert.That(Hex(message.AsSpan(33, 24)), Is.EqualTo(
            "FF" + "00" + "0000" +      // AndXCommand none, AndXReserved, AndXOffset
            "2143" +                    // FID
            "89674523" +                // Offset, low 32 bits
            "1000" +                    // MaxCountOfBytesToReturn: low 16 bits of 0x20010
            "0000" +                    // MinCountOfBytesToReturn
            "0200" + "0000" +           // MaxCountHigh 2, then two zero bytes
            "FFFF" +                    // Remaining: 70000 capped at 0xFFFF
            "01000000"));               // OffsetHigh
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(57)), Is.Zero, "ByteCount");
        Assert.That(message, Has.Length.EqualTo(59));
    }

    [Test]
    public void ReadAndX_SmallOffsetWithoutLargeFiles_TenWords()
    {
        var message = Encode(new ReadAndXRequest(7, 4096, 1000, 1000, largeOffsets: false));
        Assert.That(message[32], Is.EqualTo(10));
        Assert.That(Hex(message.AsSpan(33, 20)), Is.EqualTo("FF000000" + "0700" + "00100000" + "E803" + "0000" + "00000000" + "E803"));
        Assert.That(message, Has.Length.EqualTo(33 + 20 + 2));
    }

    [Test]
    public void ReadAndX_OffsetAboveFourGiBWithoutLargeFiles_Refused() =>
        Assert.Throws<SmbException>(() => new ReadAndXRequest(1, 1L << 32, 10, 0, largeOffsets: false));

    [Test]
    public void CoreRead_WordsAsSpecified()
    {
        var message = Encode(new CoreReadRequest(0x0102, 0xA0B0C0D0, 16384, 40000));
        Assert.That(message[4], Is.EqualTo(0x0A));
        Assert.That(message[32], Is.EqualTo(5));
        Assert.That(Hex(message.AsSpan(33, 12)), Is.EqualTo("0201" + "0040" + "D0C0B0A0" + "409C" + "0000"));
    }

    [TestCase(-1L)]
    [TestCase(1L << 32)]
    public void CoreRead_OffsetOutside32Bits_Refused(long offset)
    {
        var e = Assert.Throws<SmbException>(() => new CoreReadRequest(1, offset, 10, 0));
        Assert.That(e!.Message, Does.Contain("SMB_COM_READ"));
    }

    [Test]
    public void NtCreateAndX_UnicodeName_PaddedAndCounted()
    {
        var message = Encode(new NtCreateAndXRequest(@"\a.txt", 0x120089, 0x40));
        Assert.That(message[32], Is.EqualTo(24));
        var words = message.AsSpan(33, 48);
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[5..]), Is.EqualTo(12), "NameLength: six UTF-16 characters, no terminator");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[15..]), Is.EqualTo(0x120089u), "DesiredAccess");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[31..]), Is.EqualTo(7u), "ShareAccess read|write|delete");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[35..]), Is.EqualTo(1u), "FILE_OPEN");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[39..]), Is.EqualTo(0x40u), "CreateOptions");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[43..]), Is.EqualTo(2u), "SECURITY_IMPERSONATION");
        int bytesAt = 33 + 48 + 2; // 83: odd, so one pad byte before the Unicode name
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(81)), Is.EqualTo(1 + 12 + 2), "ByteCount");
        Assert.That(message[bytesAt], Is.Zero);
        Assert.That(Encoding.Unicode.GetString(message.AsSpan(bytesAt + 1, 12)), Is.EqualTo(@"\a.txt"));
        Assert.That(message.AsSpan(bytesAt + 13, 2).ToArray(), Is.EqualTo(new byte[2]));
    }

    [Test]
    public void NtCreateAndX_OemName_NoPadAndOneTerminator()
    {
        var message = Encode(new NtCreateAndXRequest(@"\café", 1, 0), Smb1Strings.Oem);
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(33 + 5)), Is.EqualTo(5));
        Assert.That(Hex(message.AsSpan(83)), Is.EqualTo("5C63616682" + "00"), "CP850: é is 0x82");
    }

    [Test]
    public void TreeConnectAndX_PasswordPathService()
    {
        var message = Encode(new TreeConnectAndXRequest(@"\\h\s"));
        Assert.That(message[32], Is.EqualTo(4));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(33 + 6)), Is.EqualTo(1), "PasswordLength: one null byte");
        // Bytes at 43: password 0x00; the path would start at 44 (even), so no pad.
        Assert.That(message[43], Is.Zero);
        Assert.That(Encoding.Unicode.GetString(message.AsSpan(44, 10)), Is.EqualTo(@"\\h\s"));
        Assert.That(Encoding.ASCII.GetString(message.AsSpan(56, 6)), Is.EqualTo("?????\0"));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(41)), Is.EqualTo(message.Length - 43));
    }

    [Test]
    public void Negotiate_DialectStrings()
    {
        var message = Encode(new Smb1NegotiateRequest([Smb1NegotiateRequest.NtLm012, Smb1NegotiateRequest.Smb2Wildcard]));
        Assert.That(message[32], Is.Zero);
        Assert.That(Encoding.ASCII.GetString(message.AsSpan(35)), Is.EqualTo("\u0002NT LM 0.12\0\u0002SMB 2.???\0"));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(33)), Is.EqualTo(message.Length - 35));
    }

    [Test]
    public void SessionSetupAndX_BlobThenStrings()
    {
        byte[] blob = [1, 2, 3];
        var message = Encode(new SessionSetupAndXRequest(blob, 0xFFFF, 50, 0xAABBCCDD, Smb1Capabilities.Unicode | Smb1Capabilities.ExtendedSecurity));
        Assert.That(message[32], Is.EqualTo(12));
        var words = message.AsSpan(33, 24);
        Assert.That(Hex(words[4..14]), Is.EqualTo("FFFF" + "3200" + "0100" + "DDCCBBAA"));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[14..]), Is.EqualTo(3), "SecurityBlobLength");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(words[20..]), Is.EqualTo(0x80000004u));
        Assert.That(message.AsSpan(59, 3).ToArray(), Is.EqualTo(blob));
        // 62 is even: NativeOS follows the blob directly.
        Assert.That(Encoding.Unicode.GetString(message.AsSpan(62, 8)), Is.EqualTo("Unix"));
    }

    [Test]
    public void Trans2_ParametersFourByteAlignedAfterName()
    {
        byte[] parameters = Trans2Parameters.QueryPathInformation(Smb1Strings.Unicode, 0x0107, @"\x");
        var message = Encode(new Trans2Request(Trans2Request.QueryPathInformation, parameters, [], 2, 4096));
        Assert.That(message[32], Is.EqualTo(15));
        var words = message.AsSpan(33, 30);
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words), Is.EqualTo(parameters.Length), "TotalParameterCount");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[4..]), Is.EqualTo(2), "MaxParameterCount");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[6..]), Is.EqualTo(4096), "MaxDataCount");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[18..]), Is.EqualTo(parameters.Length), "ParameterCount");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[20..]), Is.EqualTo(68), "ParameterOffset");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[22..]), Is.Zero, "DataCount");
        Assert.That(words[26], Is.EqualTo(1), "SetupCount");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(words[28..]), Is.EqualTo(5), "Setup: TRANS2_QUERY_PATH_INFORMATION");
        Assert.That(message.AsSpan(68).ToArray(), Is.EqualTo(parameters));
        Assert.That(Hex(parameters), Is.EqualTo("0701" + "00000000" + "5C0078000000"));
    }

    [Test]
    public void FindFirst2AndNext2_Parameters()
    {
        Assert.That(Hex(Trans2Parameters.FindFirst2(Smb1Strings.Oem, @"\*", 1366, 0x0104)),
            Is.EqualTo("1600" + "5605" + "0200" + "0401" + "00000000" + "5C2A00"));
        Assert.That(Hex(Trans2Parameters.FindNext2(Smb1Strings.Oem, 0x0A0B, 1366, 0x0104, "f1")),
            Is.EqualTo("0B0A" + "5605" + "0401" + "00000000" + "0200" + "663100"));
    }

    [Test]
    public void Close_KeepsTimeAndLogoffEndsChain()
    {
        var close = Encode(Smb1SimpleRequest.Close(0x0506));
        Assert.That(Hex(close.AsSpan(32)), Is.EqualTo("03" + "0605" + "FFFFFFFF" + "0000"));
        var logoff = Encode(Smb1SimpleRequest.LogoffAndX());
        Assert.That(Hex(logoff.AsSpan(32)), Is.EqualTo("02" + "FF000000" + "0000"));
        var disconnect = Encode(Smb1SimpleRequest.TreeDisconnect());
        Assert.That(Hex(disconnect.AsSpan(32)), Is.EqualTo("00" + "0000"));
        var echo = Encode(Smb1SimpleRequest.Echo([0xAB]));
        Assert.That(Hex(echo.AsSpan(32)), Is.EqualTo("01" + "0100" + "0100" + "AB"));
    }

    [Test]
    public void Header_RoundTrip()
    {
        var header = new Smb1Header
        {
            Command = Smb1Command.ReadAndX, RawStatus = 0xC0000034, Flags = Smb1Flags.Reply, Flags2 = Smb1Flags2.NtStatus | Smb1Flags2.Unicode,
            PidHigh = 1, Tid = 2, PidLow = 3, Uid = 4, Mid = 5,
        };
        var bytes = new byte[32];
        header.Write(bytes);
        Assert.That(Hex(bytes), Is.EqualTo("FF534D42" + "2E" + "340000C0" + "80" + "00C0" + "0100" + "0000000000000000" + "0000" + "0200" + "0300" + "0400" + "0500"));
        var read = Smb1Header.Read(bytes);
        Assert.That(read, Is.EqualTo(header));
        Assert.That(read.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));
    }
}
