using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Session;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>The read requests as they travel, recorded by a relay between client and Samba: file handle, offset,
/// byte count, estimated remaining bytes and multiplex id exactly as MS-CIFS 2.2.4.42.1 / MS-SMB 2.2.4.2.1
/// (READ_ANDX) and MS-CIFS 2.2.4.11.1 (SMB_COM_READ) lay them out.</summary>
[Category("Integration")]
public class Smb1WireTests
{
    private const byte ReadAndX = 0x2E, CoreRead = 0x0A, NtCreateAndX = 0xA2;

    private static async Task<Smb1Tree> ConnectAsync(Smb1RelayProxy proxy, Smb1Tuning tuning) =>
        (Smb1Tree)await Smb1Client.ConnectShareAsync(proxy.Address("data"), Smb1Fixture.User, Smb1Fixture.Unsigned, tuning, null, CancellationToken.None);

    private static ushort OpenedFid(Smb1RelayProxy proxy) => Smb1RelayProxy.Word16(proxy.Responses.Last(m => Smb1RelayProxy.Command(m) == NtCreateAndX), 5);

    [Test]
    public async Task ReadAndX_FieldsOnWire_AsSpecified()
    {
        await using var proxy = new Smb1RelayProxy(Smb1Fixture.Server.Port);
        await using var share = await ConnectAsync(proxy, Smb1Tuning.Default with { ReadChunk = 16 * 1024 });
        await using var file = await share.OpenAsync("sparse.bin", SmbOpenKind.File, CancellationToken.None);
        ushort fid = OpenedFid(proxy);
        long offset = Smb1Fixture.SparseDataOffset; // above 4 GiB: needs OffsetHigh
        var buffer = new byte[48 * 1024];
        Assert.That(await file.ReadAsync(offset, buffer, 5000, CancellationToken.None), Is.EqualTo(buffer.Length));
        Assert.That(buffer.AsSpan().SequenceEqual(Smb1Fixture.SparseData.AsSpan(0, buffer.Length)), Is.True);

        var reads = proxy.Requests.Where(m => Smb1RelayProxy.Command(m) == ReadAndX).ToList();
        Assert.That(reads, Has.Count.EqualTo(3));
        var fields = reads.Select(m => new
        {
            WordCount = Smb1RelayProxy.WordCount(m),
            Fid = Smb1RelayProxy.Word16(m, 4),
            Offset = Smb1RelayProxy.Word32(m, 6) | (long)Smb1RelayProxy.Word32(m, 20) << 32,
            Count = Smb1RelayProxy.Word16(m, 10) | Smb1RelayProxy.Word16(m, 14) << 16,
            Remaining = Smb1RelayProxy.Word16(m, 18),
            Mid = Smb1RelayProxy.Mid(m),
        }).OrderBy(f => f.Offset).ToList();
        Assert.That(fields.Select(f => f.WordCount), Is.All.EqualTo(12));
        Assert.That(fields.Select(f => f.Fid), Is.All.EqualTo(fid));
        Assert.That(fields.Select(f => f.Offset), Is.EqualTo(new[] { offset, offset + 16384, offset + 32768 }));
        Assert.That(fields.Select(f => f.Count), Is.All.EqualTo(16384));
        // Estimated remaining bytes: what is still to be read, this request included, plus the caller's 5000.
        Assert.That(fields.Select(f => (int)f.Remaining), Is.EqualTo(new[] { 49152 + 5000, 32768 + 5000, 16384 + 5000 }));
        Assert.That(fields.Select(f => f.Mid).Distinct().Count(), Is.EqualTo(3), "each read in flight has its own MID");
        Assert.That(fields.Select(f => f.Mid), Has.None.EqualTo(0).And.None.EqualTo(0xFFFF));
        var answeredMids = proxy.Responses.Where(m => Smb1RelayProxy.Command(m) == ReadAndX).Select(Smb1RelayProxy.Mid);
        Assert.That(answeredMids, Is.EquivalentTo(fields.Select(f => f.Mid)));
    }

    [Test]
    public async Task ReadAndX_LargeRead_MaxCountHighCarriesUpperBits()
    {
        await using var proxy = new Smb1RelayProxy(Smb1Fixture.Server.Port);
        await using var share = await ConnectAsync(proxy, Smb1Tuning.Default);
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[1 << 20];
        Assert.That(await file.ReadAsync(0, buffer, 0, CancellationToken.None), Is.EqualTo(buffer.Length));
        var read = proxy.Requests.Single(m => Smb1RelayProxy.Command(m) == ReadAndX);
        Assert.That(Smb1RelayProxy.Word16(read, 10), Is.Zero, "low 16 bits of 0x100000");
        Assert.That(Smb1RelayProxy.Word16(read, 14), Is.EqualTo(0x10), "MaxCountHigh: bits 16-31 (CAP_LARGE_READX)");
        Assert.That(Smb1RelayProxy.Word16(read, 16), Is.Zero, "the two bytes after MaxCountHigh stay zero");
        Assert.That(Smb1RelayProxy.Word16(read, 18), Is.EqualTo(0xFFFF), "estimate capped at 0xFFFF");
        Assert.That(Smb1RelayProxy.Word32(read, 20), Is.Zero, "OffsetHigh");
    }

    [Test]
    public async Task CoreRead_FieldsOnWire_AsSpecified()
    {
        await using var proxy = new Smb1RelayProxy(Smb1Fixture.Server.Port);
        await using var share = await ConnectAsync(proxy, Smb1Tuning.Default with { ForceCoreRead = true });
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        ushort fid = OpenedFid(proxy);
        int chunk = share.ReadChunkSize;
        var buffer = new byte[2 * chunk + 100];
        Assert.That(await file.ReadAsync(1000, buffer, 0, CancellationToken.None), Is.EqualTo(buffer.Length));
        TestSupport.FileComparer.AssertRangeEquals(Path.Combine(Smb1Fixture.DataDir, "small.bin"), 1000, buffer);

        var reads = proxy.Requests.Where(m => Smb1RelayProxy.Command(m) == CoreRead).Select(m => new
        {
            WordCount = Smb1RelayProxy.WordCount(m),
            Fid = Smb1RelayProxy.Word16(m, 0),
            Count = Smb1RelayProxy.Word16(m, 2),
            Offset = Smb1RelayProxy.Word32(m, 4),
            Estimate = Smb1RelayProxy.Word16(m, 8),
            ByteCount = Smb1RelayProxy.Word16(m, 10),
            Mid = Smb1RelayProxy.Mid(m),
        }).OrderBy(f => f.Offset).ToList();
        Assert.That(reads.Select(r => r.WordCount), Is.All.EqualTo(5));
        Assert.That(reads.Select(r => r.ByteCount), Is.All.Zero);
        Assert.That(reads.Select(r => r.Fid), Is.All.EqualTo(fid));
        Assert.That(reads.Select(r => (long)r.Offset), Is.EqualTo(new[] { 1000L, 1000L + chunk, 1000L + 2 * chunk }));
        Assert.That(reads.Select(r => (int)r.Count), Is.EqualTo(new[] { chunk, chunk, 100 }));
        Assert.That(reads.Select(r => (int)r.Estimate), Is.EqualTo(new[] { Math.Min(0xFFFF, 2 * chunk + 100), chunk + 100, 100 }));
        Assert.That(reads.Select(r => r.Mid).Distinct().Count(), Is.EqualTo(3));
    }

    /// <summary>A server without READ_ANDX: the relay turns every READ_ANDX answer into STATUS_NOT_SUPPORTED, and
    /// the client carries on with SMB_COM_READ.</summary>
    [Test]
    public async Task Read_ServerRefusesReadAndX_FallsBackToCoreRead()
    {
        await using var proxy = new Smb1RelayProxy(Smb1Fixture.Server.Port, m =>
        {
            if (Smb1RelayProxy.Command(m) != ReadAndX) return false;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(5), (uint)NtStatus.STATUS_NOT_SUPPORTED);
            return true;
        });
        await using var share = await ConnectAsync(proxy, Smb1Tuning.Default);
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[Smb1Fixture.SmallFileSize];
        Assert.That(await file.ReadAsync(0, buffer, 0, CancellationToken.None), Is.EqualTo(buffer.Length));
        TestSupport.FileComparer.AssertRangeEquals(Path.Combine(Smb1Fixture.DataDir, "small.bin"), 0, buffer);
        Assert.That(share.UsesCoreRead, Is.True);
        Assert.That(proxy.TamperedCount, Is.GreaterThan(0));
        Assert.That(share.Connection.Counters.CoreReads, Is.GreaterThan(Smb1Fixture.SmallFileSize / share.ReadChunkSize));
    }
}
