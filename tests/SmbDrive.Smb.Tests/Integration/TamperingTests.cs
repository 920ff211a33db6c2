using System.Buffers.Binary;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>Attacks on the wire between client and Samba: each must end in an error, never in wrong data.</summary>
[Category("Integration")]
public class TamperingTests
{
    private const ushort Read = 8;

    private static Task<ISmbShare> ConnectThroughAsync(TamperingProxy proxy, SmbClientOptions? options = null, string share = "data") =>
        SmbClient.ConnectShareAsync(new SmbAddress("127.0.0.1", proxy.Port, share, ""), SambaFixture.User,
            options ?? new SmbClientOptions { RequestTimeoutSeconds = 10 }, null, CancellationToken.None);

    private static async Task<(Exception? Error, byte[] Buffer)> ReadSmallAsync(ISmbShare share)
    {
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[file.Info.Size];
        try
        {
            await file.ReadAsync(0, buffer, 0, CancellationToken.None);
            return (null, buffer);
        }
        catch (Exception e)
        {
            return (e, buffer);
        }
    }

    [TestCase("3.1.1")]
    [TestCase("3.0.2")]
    [TestCase("2.1")]
    public async Task SignedRead_OneDataByteFlipped_ProtocolErrorBytesNeverReported(string dialect)
    {
        bool flipped = false;
        await using var proxy = new TamperingProxy(SambaFixture.Server.Port, (i, m) =>
        {
            if (TamperingProxy.IsSmb2(m) && TamperingProxy.Command(m) == Read && m.Length > 1000 && !flipped)
            {
                m[m.Length - 500] ^= 0x01;
                flipped = true;
            }
            return true;
        });
        await using var share = await ConnectThroughAsync(proxy, new SmbClientOptions { MinDialect = dialect, MaxDialect = dialect, RequestTimeoutSeconds = 10 });
        var (error, buffer) = await ReadSmallAsync(share);
        Assert.That(flipped, Is.True, "the attack happened");
        Assert.That(error, Is.TypeOf<SmbProtocolException>());
        Assert.That(error!.Message, Does.Contain("STATUS_INVALID_SIGNATURE"));
        Assert.That(share.IsBroken, Is.True);
        // The data lands in the caller's memory and is verified there: the read fails, so those bytes are never
        // reported as read (the buffer may hold them, as after any failed read).
        _ = buffer;
    }

    [Test]
    public async Task EncryptedRead_OneCiphertextByteFlipped_ProtocolErrorNeverWrongData()
    {
        bool flipped = false;
        await using var proxy = new TamperingProxy(SambaFixture.Server.Port, (i, m) =>
        {
            if (TamperingProxy.IsTransform(m) && m.Length > 100_000 && !flipped)
            {
                m[m.Length - 500] ^= 0x80;
                flipped = true;
            }
            return true;
        });
        await using var share = await ConnectThroughAsync(proxy, new SmbClientOptions { RequireEncryption = true, RequestTimeoutSeconds = 10 });
        var (error, buffer) = await ReadSmallAsync(share);
        Assert.That(flipped, Is.True, "the attack happened");
        Assert.That(error, Is.TypeOf<SmbProtocolException>());
        Assert.That(error!.Message, Does.Contain("STATUS_DECRYPTION_FAILED"));
        AssertNoWrongBytes(buffer);
    }

    [Test]
    public async Task SignedRead_SignatureStripped_RefusedAsUnsigned()
    {
        bool stripped = false;
        await using var proxy = new TamperingProxy(SambaFixture.Server.Port, (i, m) =>
        {
            if (TamperingProxy.IsSmb2(m) && TamperingProxy.Command(m) == Read && !TamperingProxy.IsInterim(m) && !stripped)
            {
                uint flags = BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(16));
                BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(16), flags & ~8u);
                m.AsSpan(48, 16).Clear();
                stripped = true;
            }
            return true;
        });
        await using var share = await ConnectThroughAsync(proxy);
        var (error, buffer) = await ReadSmallAsync(share);
        Assert.That(stripped, Is.True);
        Assert.That(error, Is.TypeOf<SmbProtocolException>());
        Assert.That(error!.Message, Does.Contain("unsigned"));
        AssertNoWrongBytes(buffer);
    }

    [Test]
    public void Negotiate_DialectRewrittenFrom302To300_DowngradeDetected()
    {
        bool rewritten = false;
        var proxy = new TamperingProxy(SambaFixture.Server.Port, (i, m) =>
        {
            if (TamperingProxy.IsSmb2(m) && TamperingProxy.Command(m) == 0 && BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(64 + 4)) == 0x0302)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(64 + 4), 0x0300);
                rewritten = true;
            }
            return true;
        });
        try
        {
            var e = Assert.ThrowsAsync<SmbProtocolException>(() => ConnectThroughAsync(proxy, new SmbClientOptions { MaxDialect = "3.0.2" }));
            Assert.That(rewritten, Is.True);
            Assert.That(e!.Message, Does.Contain("downgrade"));
        }
        finally
        {
            proxy.DisposeAsync().AsTask().Wait();
        }
    }

    [Test]
    public void Negotiate_311DialectRewrittenTo302_DetectedBeforeAnyData()
    {
        bool rewritten = false;
        var proxy = new TamperingProxy(SambaFixture.Server.Port, (i, m) =>
        {
            if (TamperingProxy.IsSmb2(m) && TamperingProxy.Command(m) == 0 && BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(64 + 4)) == 0x0311)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(64 + 4), 0x0302);
                rewritten = true;
            }
            return true;
        });
        try
        {
            Assert.ThrowsAsync(Is.InstanceOf<SmbException>(), () => ConnectThroughAsync(proxy));
            Assert.That(rewritten, Is.True);
        }
        finally
        {
            proxy.DisposeAsync().AsTask().Wait();
        }
    }

    [Test, CancelAfter(30_000)]
    public async Task Read_ConnectionDroppedMidway_ConnectionErrorNoHang()
    {
        await using var proxy = new TamperingProxy(SambaFixture.Server.Port, (i, m) => !(TamperingProxy.IsSmb2(m) && TamperingProxy.Command(m) == Read));
        await using var share = await ConnectThroughAsync(proxy);
        var (error, _) = await ReadSmallAsync(share);
        Assert.That(error, Is.TypeOf<SmbConnectionException>());
        Assert.That(error!.Message, Does.Contain("127.0.0.1"));
    }

    /// <summary>Whatever was delivered before the failure equals the disk; nothing else was written.</summary>
    private static void AssertNoWrongBytes(byte[] buffer)
    {
        byte[] disk = File.ReadAllBytes(Path.Combine(SambaFixture.DataDir, "small.bin"));
        for (int i = 0; i < buffer.Length; i += 65536)
        {
            var chunk = buffer.AsSpan(i, Math.Min(65536, buffer.Length - i));
            if (chunk.IndexOfAnyExcept((byte)0) < 0) continue; // untouched
            Assert.That(chunk.SequenceEqual(disk.AsSpan(i, chunk.Length)), Is.True, $"bytes at {i} differ from the disk");
        }
    }
}
