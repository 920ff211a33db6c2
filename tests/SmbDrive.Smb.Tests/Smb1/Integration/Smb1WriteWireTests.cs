using System.Buffers.Binary;
using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Session;
using SmbDrive.Smb.Tests.Integration;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>The write requests as they travel between client and Samba, recorded (and for short writes changed) by a
/// relay: NT_CREATE_ANDX carrying the caller's parameters, WRITE_ANDX fields as MS-CIFS 2.2.4.43.1 / MS-SMB 2.2.4.3.1
/// lay them out, and the client's answer to a server that writes less than it was sent.</summary>
[Category("Integration")]
public class Smb1WriteWireTests
{
    private const byte WriteAndX = 0x2F, NtCreateAndX = 0xA2;
    private static readonly CancellationToken None = CancellationToken.None;
    private string _dir = null!;
    private string _diskDir = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = $"v{Guid.NewGuid():N}";
        _diskDir = Path.Combine(Smb1Fixture.WritableDir, _dir);
        Directory.CreateDirectory(_diskDir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_diskDir, (UnixFileMode)0x1FF);
    }

    private static async Task<Smb1Tree> ConnectAsync(Smb1RelayProxy proxy, Smb1Tuning? tuning = null) =>
        (Smb1Tree)await Smb1Client.ConnectShareAsync(proxy.Address("rw"), Smb1Fixture.User, Smb1Fixture.Unsigned, tuning ?? Smb1Tuning.Default, null, None);

    [Test]
    public async Task NtCreateAndXAndWriteAndX_FieldsOnWire_AsSpecified()
    {
        await using var proxy = new Smb1RelayProxy(Smb1Fixture.Server.Port);
        await using var share = await ConnectAsync(proxy);
        var parameters = new SmbCreateParameters
        {
            Access = SmbAccess.GenericWrite | SmbAccess.ReadAttributes,
            ShareAccess = SmbShareAccess.Read,
            Disposition = SmbCreateDisposition.OverwriteIf,
            Options = SmbCreateOptions.NonDirectoryFile,
        };
        long offset = (4L << 30) + 100; // above 4 GiB: needs OffsetHigh
        var data = TestData.RandomContent(201, 0, 300_000);
        await using (var file = await share.CreateAsync($"{_dir}/wire.bin", parameters, None))
            await file.WriteAsync(offset, data, 1000, None);
        FileComparer.AssertRangeEquals(Path.Combine(_diskDir, "wire.bin"), offset, data);

        var create = proxy.Requests.Last(m => Smb1RelayProxy.Command(m) == NtCreateAndX);
        Assert.That(Smb1RelayProxy.Word32(create, 15), Is.EqualTo((uint)parameters.Access), "DesiredAccess");
        Assert.That(Smb1RelayProxy.Word32(create, 31), Is.EqualTo(1u), "ShareAccess");
        Assert.That(Smb1RelayProxy.Word32(create, 35), Is.EqualTo(5u), "CreateDisposition FILE_OVERWRITE_IF");
        Assert.That(Smb1RelayProxy.Word32(create, 39), Is.EqualTo(0x40u), "CreateOptions FILE_NON_DIRECTORY_FILE");
        ushort fid = Smb1RelayProxy.Word16(proxy.Responses.Last(m => Smb1RelayProxy.Command(m) == NtCreateAndX), 5);

        var writes = proxy.Requests.Where(m => Smb1RelayProxy.Command(m) == WriteAndX).Select(m => new
        {
            WordCount = Smb1RelayProxy.WordCount(m),
            Fid = Smb1RelayProxy.Word16(m, 4),
            Offset = Smb1RelayProxy.Word32(m, 6) | (long)Smb1RelayProxy.Word32(m, 24) << 32,
            Remaining = Smb1RelayProxy.Word16(m, 16),
            Count = Smb1RelayProxy.Word16(m, 20) | Smb1RelayProxy.Word16(m, 18) << 16,
            DataOffset = Smb1RelayProxy.Word16(m, 22),
            Mid = Smb1RelayProxy.Mid(m),
        }).OrderBy(w => w.Offset).ToList();
        int chunk = share.WriteChunkSize;
        Assert.That(writes, Has.Count.EqualTo(3), "300,000 bytes in 124 KiB WRITE_ANDX");
        for (int i = 0; i < writes.Count; i++)
        {
            Assert.That(writes[i].WordCount, Is.EqualTo(14));
            Assert.That(writes[i].Fid, Is.EqualTo(fid));
            Assert.That(writes[i].Offset, Is.EqualTo(offset + (long)i * chunk));
            Assert.That(writes[i].Count, Is.EqualTo(Math.Min(chunk, data.Length - i * chunk)));
            Assert.That(writes[i].DataOffset, Is.EqualTo(64));
        }
        Assert.That(writes[0].Remaining, Is.EqualTo(Math.Min(ushort.MaxValue, data.Length - chunk + 1000)), "bytes still to come, capped");
        Assert.That(writes[2].Remaining, Is.EqualTo(1000), "the caller's own hint after the last chunk");
        Assert.That(writes.Select(w => w.Mid).Distinct().Count(), Is.EqualTo(3));
    }

    [Test]
    public async Task Write_ServerWritesHalfOfEachRequest_RestSentAgain_BytesEqualDisk()
    {
        // The relay halves the count of every WRITE_ANDX answer, as a server that writes short would report.
        await using var proxy = new Smb1RelayProxy(Smb1Fixture.Server.Port, message =>
        {
            if (message[4] != WriteAndX || message[32] < 6 || BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(5)) != 0) return false;
            int count = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(33 + 4)) | BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(33 + 8)) << 16;
            if (count < 2) return false;
            count /= 2;
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(33 + 4), (ushort)count);
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(33 + 8), (ushort)(count >> 16));
            return true;
        });
        await using var share = await ConnectAsync(proxy);
        var data = TestData.RandomContent(202, 0, 1_000_000);
        await using (var file = await share.CreateAsync($"{_dir}/short.bin", WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
            await file.WriteAsync(0, data, 0, None);
        Smb1WriteTests.AssertDiskEquals(Path.Combine(_diskDir, "short.bin"), data);
        int requests = proxy.Requests.Count(m => Smb1RelayProxy.Command(m) == WriteAndX);
        int chunks = (data.Length + share.WriteChunkSize - 1) / share.WriteChunkSize;
        Assert.That(proxy.TamperedCount, Is.GreaterThan(chunks));
        Assert.That(requests, Is.GreaterThan(chunks * 5), "each chunk continued after every short count until none was left");
    }

    [Test]
    public async Task Write_ServerWritesNothing_DiskFullError_ConnectionKept()
    {
        await using var proxy = new Smb1RelayProxy(Smb1Fixture.Server.Port, message =>
        {
            if (message[4] != WriteAndX || message[32] < 6) return false;
            message.AsSpan(33 + 4, 2).Clear();
            message.AsSpan(33 + 8, 2).Clear();
            return true;
        });
        await using var share = await ConnectAsync(proxy);
        await using var file = await share.CreateAsync($"{_dir}/full.bin", WriteTests.ReadWrite(SmbCreateDisposition.Create), None);
        var e = Assert.ThrowsAsync<SmbStatusException>(async () => await file.WriteAsync(0, new byte[5000], 0, None));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_DISK_FULL));
        Assert.That(e.Message, Does.Contain($@"\rw\{_dir}\full.bin: STATUS_DISK_FULL"));
        Assert.That(share.IsBroken, Is.False);
        await share.EchoAsync(None);
    }
}
