using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using SmbDrive.Smb;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Rpc;
using SmbDrive.Smb.Security.Ntlm;
using SmbDrive.Smb.Security.Spnego;
using SmbDrive.TestSupport;

namespace SmbDrive.Fuzz;

/// <summary>Records the seed corpus from real Samba replies: drives the client through a recording relay
/// (every server-to-client message, unchanged) against an SMB 2/3 server and an SMB1-only one, then files each
/// message, and the structures nested in it, under the harness that parses them. Explicit: run it by hand to
/// refresh corpus/ in the source tree (FUZZ_CORPUS_OUT names the folder), not in the suite.</summary>
[Explicit("writes the committed seed corpus; run by hand")]
[Category("Integration")]
public class SeedCapture
{
    private const int MaxSeedBytes = 16 * 1024;
    private const int MaxSeedsPerHarness = 60;
    private const int SeedsPerCommand = 4;

    private readonly ConcurrentQueue<byte[]> _recorded = new();

    [Test]
    public async Task Capture_SambaReplies_WrittenPerHarness()
    {
        SambaRequirement.RequireSamba();
        string output = Environment.GetEnvironmentVariable("FUZZ_CORPUS_OUT") ?? throw new InconclusiveException("set FUZZ_CORPUS_OUT");
        string data = Directory.CreateTempSubdirectory("smbdrive-fuzz-seeds-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(data, "small.bin"), RandomNumberGenerator.GetBytes(3000));
            File.WriteAllText(Path.Combine(data, "Grüße ünïcödé.txt"), "unicode");
            Directory.CreateDirectory(Path.Combine(data, "folder"));
            for (int i = 0; i < 20; i++) File.WriteAllText(Path.Combine(data, "folder", $"file-{i:D2}-with-a-longer-name.txt"), $"{i}");

            await CaptureSmb2Async(data);
            await CaptureSmb1Async(data);
            int written = WriteCorpus(output);
            Assert.That(written, Is.GreaterThan(0));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private TamperingProxy Recorder(int port) => new(port, (_, message) =>
    {
        _recorded.Enqueue(message.ToArray());
        return true;
    });

    private async Task CaptureSmb2Async(string data)
    {
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare("data", data, ReadOnly: false));
        options.Shares.Add(new SambaShare("sealed", data, Extra: new Dictionary<string, string> { ["smb encrypt"] = "required" }));
        await using var server = await SambaServer.StartAsync(options);
        await using var proxy = Recorder(server.Port);
        var user = SmbCredentials.User(server.User.Name, server.User.Password);
        foreach (string dialect in new[] { "3.1.1", "3.0.2", "2.1", "2.0.2" })
        {
            var clientOptions = new SmbClientOptions { MinDialect = dialect, MaxDialect = dialect, RequestTimeoutSeconds = 10 };
            await using var share = await SmbClient.ConnectShareAsync(new SmbAddress("127.0.0.1", proxy.Port, "data", ""), user, clientOptions, null, CancellationToken.None);
            await ExerciseAsync(share);
        }
        var sealedOptions = new SmbClientOptions { RequireEncryption = true, RequestTimeoutSeconds = 10 };
        await using (var sealedShare = await SmbClient.ConnectShareAsync(new SmbAddress("127.0.0.1", proxy.Port, "sealed", ""), user, sealedOptions, null, CancellationToken.None))
        {
            _ = await sealedShare.ListAsync("", "*", CancellationToken.None);
        }
        await CaptureNotifyAndBreaksAsync(proxy.Port, user);
        _ = await SmbShareBrowser.ListSharesAsync("127.0.0.1", proxy.Port, user, new SmbClientOptions { RequestTimeoutSeconds = 10 }, null, CancellationToken.None);
    }

    /// <summary>A directory watch that sees a change, and a lease that another session's open breaks: the replies
    /// the smb2-notify and smb2-break harnesses parse.</summary>
    private static async Task CaptureNotifyAndBreaksAsync(int port, SmbCredentials user)
    {
        var ct = CancellationToken.None;
        var options = new SmbClientOptions { RequestTimeoutSeconds = 10 };
        var address = new SmbAddress("127.0.0.1", port, "data", "");
        await using var first = await SmbClient.ConnectShareAsync(address, user, options, null, ct);
        await using var second = await SmbClient.ConnectShareAsync(address, user, options, null, ct);
        var create = new SmbCreateParameters { Access = SmbAccess.ReadData | SmbAccess.WriteData, Disposition = SmbCreateDisposition.OverwriteIf };

        await using (var folder = await first.OpenAsync("folder", SmbOpenKind.Directory, ct))
        {
            var watch = ((ISmbWatchableDirectory)folder).Watch(SmbChangeFilter.Everything, watchTree: false);
            for (int round = 0; round < 3; round++)
            {
                var waiting = watch.WaitForChangesAsync(ct);
                await first.EchoAsync(ct); // answered after the watch is registered on the same connection
                await using (var file = await ((ISmbWritableShare)second).CreateAsync($"folder\\notified-{round}.txt", create, ct))
                    await file.WriteAsync(0, new byte[10], 0, ct);
                _ = await waiting;
            }
        }

        var leased = create with { Lease = new SmbLeaseRequest { Key = Guid.NewGuid() } };
        await using (var holder = await ((ISmbWritableShare)first).CreateAsync("leased.bin", leased, ct))
        {
            // The other session's open breaks the lease; with no handler the client acknowledges at once.
            await using var other = await ((ISmbWritableShare)second).CreateAsync("leased.bin", create, ct);
            await other.WriteAsync(0, new byte[10], 0, ct);
        }
    }

    private async Task CaptureSmb1Async(string data)
    {
        var options = new SambaServerOptions();
        options.Global["server min protocol"] = "NT1";
        options.Global["server max protocol"] = "NT1";
        options.Shares.Add(new SambaShare("data", data, ReadOnly: false));
        await using var server = await SambaServer.StartAsync(options);
        await using var proxy = Recorder(server.Port);
        var user = SmbCredentials.User(server.User.Name, server.User.Password);
        var clientOptions = new SmbClientOptions { AllowSmb1 = true, RequireSigning = false, RequestTimeoutSeconds = 10 };
        await using var share = await SmbClient.ConnectShareAsync(new SmbAddress("127.0.0.1", proxy.Port, "data", ""), user, clientOptions, null, CancellationToken.None);
        await ExerciseAsync(share);
    }

    private static async Task ExerciseAsync(ISmbShare share)
    {
        var ct = CancellationToken.None;
        _ = await share.ListAsync("", "*", ct);
        _ = await share.ListAsync("folder", "*", ct);
        _ = await share.GetInfoAsync("small.bin", ct);
        _ = await share.GetVolumeInfoAsync(ct);
        await share.EchoAsync(ct);
        await using (var file = await share.OpenAsync("small.bin", SmbOpenKind.File, ct))
        {
            var buffer = new byte[3000];
            _ = await file.ReadAsync(0, buffer, 0, ct);
            _ = await file.QueryInfoAsync(ct);
        }
        if (share is ISmbWritableShare writable)
        {
            var parameters = new SmbCreateParameters { Access = SmbAccess.ReadData | SmbAccess.WriteData, Disposition = SmbCreateDisposition.Supersede };
            await using (var file = await writable.CreateAsync("written.bin", parameters, ct))
            {
                await file.WriteAsync(0, new byte[100], 0, ct);
                if (file is ISmbLockableFile lockable) await lockable.LockAsync(0, 10, SmbLockType.Exclusive, wait: false, ct);
            }
            await writable.DeleteAsync("written.bin", directory: false, ct);
        }
        try
        {
            _ = await share.GetInfoAsync("missing.txt", ct);
        }
        catch (SmbStatusException)
        {
            // The error reply is a seed too.
        }
    }

    /// <summary>Files every recorded message, and what is nested in it, under the harness that parses it.</summary>
    private int WriteCorpus(string output)
    {
        var seeds = new Dictionary<string, List<byte[]>>();
        void Add(string harness, ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty) return;
            var list = seeds.TryGetValue(harness, out var l) ? l : seeds[harness] = [];
            byte[] copy = bytes.Length > MaxSeedBytes ? bytes[..MaxSeedBytes].ToArray() : bytes.ToArray();
            if (list.Count < MaxSeedsPerHarness && !list.Any(s => s.AsSpan().SequenceEqual(copy))) list.Add(copy);
        }

        var perKind = new Dictionary<(byte Command, byte Status), int>();
        foreach (byte[] message in _recorded)
        {
            if (TamperingProxy.IsTransform(message))
            {
                Add("transform", message);
            }
            else if (TamperingProxy.IsSmb2(message))
            {
                // A compound reply is several messages chained by NextCommand; each part is parsed on its own.
                int position = 0;
                while (true)
                {
                    byte[] part = message.AsSpan(position).ToArray();
                    uint next = Smb2Header.Read(part).NextCommand;
                    if (next != 0) part = part.AsSpan(0, (int)next).ToArray();
                    Add("smb2-header", part.AsSpan(0, Smb2Header.Size));
                    // Up to a few replies per command and status, so every body parser gets seeds.
                    if (perKind.TryGetValue((part[12], part[8]), out int seen) && seen >= SeedsPerCommand) { }
                    else
                    {
                        perKind[(part[12], part[8])] = seen + 1;
                        Add("smb2-response", part);
                    }
                    Nested(part, Add);
                    if (next == 0) break;
                    position += (int)next;
                }
            }
            else if (message.Length >= 4 && message[0] == 0xFF && message[1] == 'S')
            {
                Add("smb1-response", message);
                if (message[4] == 0x32) Add("smb1-trans2", message);
            }
        }

        int written = 0;
        foreach (var (harness, list) in seeds)
        {
            string folder = Path.Combine(output, harness);
            Directory.CreateDirectory(folder);
            for (int i = 0; i < list.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"samba-{i:D2}.bin"), list[i]);
                written++;
            }
        }
        return written;
    }

    private delegate void Adder(string harness, ReadOnlySpan<byte> bytes);

    private static void Nested(byte[] message, Adder add)
    {
        var header = Smb2Header.Read(message);
        if (header.Status != NtStatus.STATUS_SUCCESS && header.Status != NtStatus.STATUS_MORE_PROCESSING_REQUIRED) return;
        switch (header.Command)
        {
            case Smb2Command.Negotiate:
                add("smb2-negotiate", message);
                add("spnego", NegotiateResponse.Parse(message).SecurityBuffer);
                break;
            case Smb2Command.SessionSetup:
                byte[] token = SessionSetupResponse.Parse(message).SecurityBuffer;
                add("spnego", token);
                byte[]? ntlm = SpnegoTokens.DecodeNegTokenResp(token).ResponseToken;
                if (ntlm is { Length: > 12 } && BinaryPrimitives.ReadUInt32LittleEndian(ntlm.AsSpan(8)) == 2)
                {
                    add("ntlm-challenge", ntlm);
                    add("ntlm-authenticate", ntlm);
                    add("ntlm-av-pairs", NtlmChallengeMessage.Parse(ntlm).TargetInfo);
                }
                break;
            case Smb2Command.QueryDirectory:
                add("fscc-directory", OutputBufferResponse.Parse(message, "QUERY_DIRECTORY"));
                break;
            case Smb2Command.QueryInfo:
                add("fscc-info", OutputBufferResponse.Parse(message, "QUERY_INFO"));
                break;
            case Smb2Command.Ioctl:
                RpcPdu(IoctlResponse.Output(message), add);
                break;
            case Smb2Command.ChangeNotify:
                add("smb2-notify", message);
                break;
            case Smb2Command.OplockBreak:
                add("smb2-break", message);
                break;
            case Smb2Command.Read:
                var (offset, length) = ReadResponse.Locate(message, 1 << 20);
                RpcPdu(message.AsSpan(offset, length), add);
                break;
        }
    }

    private static void RpcPdu(ReadOnlySpan<byte> bytes, Adder add)
    {
        // An RPC PDU starts with version 5.0; file data read by the exercise does not.
        if (bytes.Length < RpcRequestPdu.HeaderSize || bytes[0] != 5 || bytes[1] != 0) return;
        add("rpc-pdu", bytes);
        if (bytes[2] == (byte)RpcPacketType.Response) add("ndr-srvsvc", bytes[RpcRequestPdu.HeaderSize..]);
    }
}
