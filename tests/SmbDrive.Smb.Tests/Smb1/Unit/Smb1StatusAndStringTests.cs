using SmbDrive.Smb.Smb1.Protocol;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>DOS error classes mapped as MS-CIFS 2.2.2.4 pairs them with NTSTATUS values; strings in Unicode and OEM.</summary>
public class Smb1StatusAndStringTests
{
    [TestCase(Smb1DosErrors.ErrDos, 2, NtStatus.STATUS_OBJECT_NAME_NOT_FOUND)]
    [TestCase(Smb1DosErrors.ErrDos, 3, NtStatus.STATUS_OBJECT_PATH_NOT_FOUND)]
    [TestCase(Smb1DosErrors.ErrDos, 5, NtStatus.STATUS_ACCESS_DENIED)]
    [TestCase(Smb1DosErrors.ErrDos, 6, NtStatus.STATUS_INVALID_HANDLE)]
    [TestCase(Smb1DosErrors.ErrDos, 18, NtStatus.STATUS_NO_MORE_FILES)]
    [TestCase(Smb1DosErrors.ErrDos, 32, NtStatus.STATUS_SHARING_VIOLATION)]
    [TestCase(Smb1DosErrors.ErrDos, 33, NtStatus.STATUS_FILE_LOCK_CONFLICT)]
    [TestCase(Smb1DosErrors.ErrDos, 67, NtStatus.STATUS_BAD_NETWORK_NAME)]
    [TestCase(Smb1DosErrors.ErrDos, 158, NtStatus.STATUS_RANGE_NOT_LOCKED)]
    [TestCase(Smb1DosErrors.ErrDos, 234, NtStatus.STATUS_BUFFER_OVERFLOW)]
    [TestCase(Smb1DosErrors.ErrDos, 267, NtStatus.STATUS_NOT_A_DIRECTORY)]
    [TestCase(Smb1DosErrors.ErrSrv, 2, NtStatus.STATUS_LOGON_FAILURE)]
    [TestCase(Smb1DosErrors.ErrSrv, 6, NtStatus.STATUS_BAD_NETWORK_NAME)]
    [TestCase(Smb1DosErrors.ErrSrv, 91, NtStatus.STATUS_USER_SESSION_DELETED)]
    [TestCase(Smb1DosErrors.ErrSrv, 0xFFFF, NtStatus.STATUS_NOT_SUPPORTED)]
    [TestCase(Smb1DosErrors.ErrHrd, 39, NtStatus.STATUS_DISK_FULL)]
    [TestCase((byte)0, 0, NtStatus.STATUS_SUCCESS)]
    public void DosError_KnownPair_MappedToNtStatus(byte errorClass, int code, NtStatus expected) =>
        Assert.That(Smb1DosErrors.ToNtStatus(errorClass, (ushort)code, Smb1Command.NtCreateAndX), Is.EqualTo(expected));

    [Test]
    public void DosError_SessionSetupContext_LogonFailureAndMoreProcessing()
    {
        Assert.That(Smb1DosErrors.ToNtStatus(Smb1DosErrors.ErrDos, 5, Smb1Command.SessionSetupAndX), Is.EqualTo(NtStatus.STATUS_LOGON_FAILURE));
        Assert.That(Smb1DosErrors.ToNtStatus(Smb1DosErrors.ErrDos, 234, Smb1Command.SessionSetupAndX), Is.EqualTo(NtStatus.STATUS_MORE_PROCESSING_REQUIRED));
        Assert.That(Smb1DosErrors.ToNtStatus(Smb1DosErrors.ErrDos, 5, Smb1Command.TreeConnectAndX), Is.EqualTo(NtStatus.STATUS_ACCESS_DENIED));
    }

    [Test]
    public void DosError_Unknown_KeepsClassAndCodeVisible()
    {
        var status = Smb1DosErrors.ToNtStatus(Smb1DosErrors.ErrSrv, 49, Smb1Command.Echo);
        Assert.That((uint)status, Is.EqualTo(0xF1020031u));
        Assert.That(status.IsError(), Is.True);
        Assert.That(status.Name(), Is.EqualTo("NTSTATUS 0xF1020031"));
    }

    [Test]
    public void HeaderStatus_DosFormat_ReadFromClassAndCode()
    {
        var header = new Smb1Header { Command = Smb1Command.NtCreateAndX, RawStatus = 0x0002_00_01 };
        Assert.That(header.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));
    }

    /// <summary>Samba sends the NTSTATUS of SESSION_SETUP_ANDX without SMB_FLAGS2_NT_STATUS even in DOS mode.</summary>
    [TestCase(0xC0000016u, NtStatus.STATUS_MORE_PROCESSING_REQUIRED)]
    [TestCase(0xC000006Du, NtStatus.STATUS_LOGON_FAILURE)]
    [TestCase(0xC0000001u, NtStatus.STATUS_UNSUCCESSFUL)]
    public void HeaderStatus_NtStatusWithoutFlag_Recognised(uint raw, NtStatus expected)
    {
        var header = new Smb1Header { Command = Smb1Command.SessionSetupAndX, RawStatus = raw };
        Assert.That(header.Status, Is.EqualTo(expected));
    }

    [Test]
    public void Strings_UnicodeAtOddOffset_PaddedAndTerminated()
    {
        var message = new byte[20];
        message.AsSpan().Fill(0xEE);
        int end = Smb1Strings.Unicode.Write(message, 3, "ab");
        Assert.That(end, Is.EqualTo(3 + 1 + 4 + 2));
        Assert.That(Smb1Strings.Unicode.SizeAt(3, "ab"), Is.EqualTo(7));
        Assert.That(Smb1Strings.Unicode.SizeAt(4, "ab"), Is.EqualTo(6));
        Assert.That(Convert.ToHexString(message, 3, 7), Is.EqualTo("00" + "61006200" + "0000"));
    }

    [Test]
    public void Strings_Oem_Cp850RoundTripAndRefusal()
    {
        byte[] bytes = Smb1Strings.Oem.EncodeTerminated("Ünïcödé");
        Assert.That(bytes[^1], Is.Zero);
        Assert.That(Smb1Strings.Oem.Decode(bytes), Is.EqualTo("Ünïcödé"));
        var e = Assert.Throws<SmbException>(() => Smb1Strings.Oem.EncodeTerminated("文件夹"));
        Assert.That(e!.Message, Does.Contain("文件夹").And.Contain("850"));
    }

    [Test]
    public void Strings_DecodeDropsTerminatorsAndOddByte()
    {
        Assert.That(Smb1Strings.Unicode.Decode([0x61, 0, 0, 0, 0x62]), Is.EqualTo("a"));
        Assert.That(Smb1Strings.Oem.Decode("x.txt\0"u8), Is.EqualTo("x.txt"));
    }

    [TestCase("", @"\")]
    [TestCase("a/b", @"\a\b")]
    [TestCase(@"\a\b\", @"\a\b")]
    public void SharePath_LeadingBackslash(string path, string expected) =>
        Assert.That(Smb1Strings.SharePath(path), Is.EqualTo(expected));
}
