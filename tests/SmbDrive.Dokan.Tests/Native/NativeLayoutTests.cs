using SmbDrive.Dokan.Native;

namespace SmbDrive.Dokan.Tests.Native;

/// <summary>Sizes and offsets of the native structs against the x64 values in dokan-api.md §2.1, §3, §4.</summary>
[TestFixture]
public sealed unsafe class NativeLayoutTests
{
    [SetUp]
    public void RequireX64()
    {
        if (sizeof(nint) != 8)
        {
            Assert.Ignore("the documented layouts are the x64 ones");
        }
    }

    [Test]
    public void Sizes_MatchDocumentedX64Sizes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sizeof(NativeDokanOptions), Is.EqualTo(16432), "DOKAN_OPTIONS");
            Assert.That(sizeof(NativeDokanOperations), Is.EqualTo(200), "DOKAN_OPERATIONS");
            Assert.That(sizeof(NativeDokanFileInfo), Is.EqualTo(48), "DOKAN_FILE_INFO");
            Assert.That(sizeof(NativeByHandleFileInformation), Is.EqualTo(52), "BY_HANDLE_FILE_INFORMATION");
            Assert.That(sizeof(NativeWin32FindData), Is.EqualTo(592), "WIN32_FIND_DATAW");
            Assert.That(sizeof(NativeWin32FindStreamData), Is.EqualTo(600), "WIN32_FIND_STREAM_DATA");
            Assert.That(sizeof(NativeDokanIoSecurityContext), Is.EqualTo(72), "DOKAN_IO_SECURITY_CONTEXT");
            Assert.That(sizeof(NativeFileTime), Is.EqualTo(8), "FILETIME");
            Assert.That(sizeof(NativeUnicodeString), Is.EqualTo(16), "UNICODE_STRING");
        }
    }

    [Test]
    public void DokanOptions_FieldOffsets_MatchDokanH()
    {
        var o = new NativeDokanOptions();
        byte* b = (byte*)&o;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((byte*)&o.Version - b, Is.EqualTo(0));
            Assert.That((byte*)&o.SingleThread - b, Is.EqualTo(2));
            Assert.That((byte*)&o.Options - b, Is.EqualTo(4));
            Assert.That((byte*)&o.GlobalContext - b, Is.EqualTo(8));
            Assert.That((byte*)&o.MountPoint - b, Is.EqualTo(16));
            Assert.That((byte*)&o.UncName - b, Is.EqualTo(24));
            Assert.That((byte*)&o.Timeout - b, Is.EqualTo(32));
            Assert.That((byte*)&o.AllocationUnitSize - b, Is.EqualTo(36));
            Assert.That((byte*)&o.SectorSize - b, Is.EqualTo(40));
            Assert.That((byte*)&o.VolumeSecurityDescriptorLength - b, Is.EqualTo(44));
            Assert.That(o.VolumeSecurityDescriptor - b, Is.EqualTo(48));
        }
    }

    [Test]
    public void DokanFileInfo_FieldOffsets_MatchDokanH()
    {
        var f = new NativeDokanFileInfo();
        byte* b = (byte*)&f;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((byte*)&f.Context - b, Is.EqualTo(0));
            Assert.That((byte*)&f.DokanContext - b, Is.EqualTo(8));
            Assert.That((byte*)&f.DokanOptions - b, Is.EqualTo(16));
            Assert.That((byte*)&f.ProcessingContext - b, Is.EqualTo(24));
            Assert.That((byte*)&f.ProcessId - b, Is.EqualTo(32));
            Assert.That((byte*)&f.IsDirectory - b, Is.EqualTo(36));
            Assert.That((byte*)&f.DeletePending - b, Is.EqualTo(37));
            Assert.That((byte*)&f.PagingIo - b, Is.EqualTo(38));
            Assert.That((byte*)&f.SynchronousIo - b, Is.EqualTo(39));
            Assert.That((byte*)&f.Nocache - b, Is.EqualTo(40));
            Assert.That((byte*)&f.WriteToEndOfFile - b, Is.EqualTo(41));
        }
    }

    [Test]
    public void DokanOperations_EveryCallback_SitsAtItsDocumentedSlot()
    {
        var o = new NativeDokanOperations();
        byte* b = (byte*)&o;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((byte*)&o.ZwCreateFile - b, Is.EqualTo(0));
            Assert.That((byte*)&o.Cleanup - b, Is.EqualTo(8));
            Assert.That((byte*)&o.CloseFile - b, Is.EqualTo(16));
            Assert.That((byte*)&o.ReadFile - b, Is.EqualTo(24));
            Assert.That((byte*)&o.WriteFile - b, Is.EqualTo(32));
            Assert.That((byte*)&o.FlushFileBuffers - b, Is.EqualTo(40));
            Assert.That((byte*)&o.GetFileInformation - b, Is.EqualTo(48));
            Assert.That((byte*)&o.FindFiles - b, Is.EqualTo(56));
            Assert.That((byte*)&o.FindFilesWithPattern - b, Is.EqualTo(64));
            Assert.That((byte*)&o.SetFileAttributes - b, Is.EqualTo(72));
            Assert.That((byte*)&o.SetFileTime - b, Is.EqualTo(80));
            Assert.That((byte*)&o.DeleteFile - b, Is.EqualTo(88));
            Assert.That((byte*)&o.DeleteDirectory - b, Is.EqualTo(96));
            Assert.That((byte*)&o.MoveFile - b, Is.EqualTo(104));
            Assert.That((byte*)&o.SetEndOfFile - b, Is.EqualTo(112));
            Assert.That((byte*)&o.SetAllocationSize - b, Is.EqualTo(120));
            Assert.That((byte*)&o.LockFile - b, Is.EqualTo(128));
            Assert.That((byte*)&o.UnlockFile - b, Is.EqualTo(136));
            Assert.That((byte*)&o.GetDiskFreeSpace - b, Is.EqualTo(144));
            Assert.That((byte*)&o.GetVolumeInformation - b, Is.EqualTo(152));
            Assert.That((byte*)&o.Mounted - b, Is.EqualTo(160));
            Assert.That((byte*)&o.Unmounted - b, Is.EqualTo(168));
            Assert.That((byte*)&o.GetFileSecurity - b, Is.EqualTo(176));
            Assert.That((byte*)&o.SetFileSecurity - b, Is.EqualTo(184));
            Assert.That((byte*)&o.FindStreams - b, Is.EqualTo(192));
        }
    }

    [Test]
    public void ByHandleFileInformation_FieldOffsets_MatchFileapiH()
    {
        var i = new NativeByHandleFileInformation();
        byte* b = (byte*)&i;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((byte*)&i.FileAttributes - b, Is.EqualTo(0));
            Assert.That((byte*)&i.CreationTime - b, Is.EqualTo(4));
            Assert.That((byte*)&i.LastAccessTime - b, Is.EqualTo(12));
            Assert.That((byte*)&i.LastWriteTime - b, Is.EqualTo(20));
            Assert.That((byte*)&i.VolumeSerialNumber - b, Is.EqualTo(28));
            Assert.That((byte*)&i.FileSizeHigh - b, Is.EqualTo(32));
            Assert.That((byte*)&i.FileSizeLow - b, Is.EqualTo(36));
            Assert.That((byte*)&i.NumberOfLinks - b, Is.EqualTo(40));
            Assert.That((byte*)&i.FileIndexHigh - b, Is.EqualTo(44));
            Assert.That((byte*)&i.FileIndexLow - b, Is.EqualTo(48));
        }
    }

    [Test]
    public void Win32FindData_FieldOffsets_MatchMinwinbaseH()
    {
        var d = new NativeWin32FindData();
        byte* b = (byte*)&d;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((byte*)&d.FileAttributes - b, Is.EqualTo(0));
            Assert.That((byte*)&d.CreationTime - b, Is.EqualTo(4));
            Assert.That((byte*)&d.LastAccessTime - b, Is.EqualTo(12));
            Assert.That((byte*)&d.LastWriteTime - b, Is.EqualTo(20));
            Assert.That((byte*)&d.FileSizeHigh - b, Is.EqualTo(28));
            Assert.That((byte*)&d.FileSizeLow - b, Is.EqualTo(32));
            Assert.That((byte*)&d.Reserved0 - b, Is.EqualTo(36));
            Assert.That((byte*)&d.Reserved1 - b, Is.EqualTo(40));
            Assert.That((byte*)d.FileName - b, Is.EqualTo(44));
            Assert.That((byte*)d.AlternateFileName - b, Is.EqualTo(564));
        }
    }

    [Test]
    public void SecurityContext_DesiredAccess_IsAtOffset64()
    {
        var s = new NativeDokanIoSecurityContext();
        byte* b = (byte*)&s;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((byte*)&s.SecurityDescriptor - b, Is.EqualTo(24));
            Assert.That((byte*)&s.ObjectName - b, Is.EqualTo(32));
            Assert.That((byte*)&s.ObjectType - b, Is.EqualTo(48));
            Assert.That((byte*)&s.DesiredAccess - b, Is.EqualTo(64));
        }
    }

    [Test]
    public void FindStreamData_Name_IsAtOffset8()
    {
        var s = new NativeWin32FindStreamData();
        Assert.That((byte*)s.StreamName - (byte*)&s, Is.EqualTo(8));
    }

    [Test]
    public void OptionFlags_HaveTheir2xValues()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That((uint)DokanOptionFlags.WriteProtect, Is.EqualTo(0x8u));
            Assert.That((uint)DokanOptionFlags.NetworkDrive, Is.EqualTo(0x10u));
            Assert.That((uint)DokanOptionFlags.MountManager, Is.EqualTo(0x40u));
            Assert.That((uint)DokanOptionFlags.CurrentSession, Is.EqualTo(0x80u));
            Assert.That((uint)DokanOptionFlags.CaseSensitive, Is.EqualTo(0x200u));
            Assert.That((uint)DokanOptionFlags.EnableUnmountNetworkDrive, Is.EqualTo(0x400u));
            Assert.That((uint)DokanOptionFlags.DispatchDriverLogs, Is.EqualTo(0x800u));
            Assert.That((uint)DokanOptionFlags.AllowIpcBatching, Is.EqualTo(0x1000u));
        }
    }

    [Test]
    public void FileTime_RoundTripsUtcTimes_AndMapsUnsetToZero()
    {
        var when = new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc).AddTicks(1234567);
        var ft = NativeFileTime.FromDateTime(when);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ft.ToTicks(), Is.EqualTo(when.ToFileTimeUtc()));
            Assert.That(ft.ToDateTime(), Is.EqualTo(when));
            Assert.That(NativeFileTime.FromDateTime(null).ToTicks(), Is.Zero);
            Assert.That(NativeFileTime.FromDateTime(DateTime.MinValue).ToTicks(), Is.Zero);
            Assert.That(NativeFileTime.FromDateTime(new DateTime(1600, 12, 31, 0, 0, 0, DateTimeKind.Utc)).ToTicks(), Is.Zero);
            Assert.That(default(NativeFileTime).ToDateTime(), Is.Null);
        }
    }
}
