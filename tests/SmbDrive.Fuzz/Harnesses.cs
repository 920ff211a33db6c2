using System.Buffers.Binary;
using SmbDrive.Smb;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Protocol.Messages.Leases;
using SmbDrive.Smb.Rpc;
using SmbDrive.Smb.Security.Crypto;
using SmbDrive.Smb.Security.Ntlm;
using SmbDrive.Smb.Security.Spnego;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Fuzz;

/// <summary>Every parser of server bytes, grouped by family. Each entry calls the parse entry points the client
/// calls on received bytes, with the same arguments the client passes (requested sizes, call ids).</summary>
internal static class Harnesses
{
    // What the client asks for in the places where a parser checks the reply against the request.
    private const int RequestedBytes = 1 << 20;
    private const ushort RpcContextId = 0;
    private const string Where = @"\\fuzz\share";
    private const int NotifyBufferBytes = SmbDirectoryWatchDefaults.BufferBytes;

    public static IReadOnlyList<FuzzHarness> All { get; } =
    [
        new("smb2-header", b => _ = Smb2Header.Read(b), FuzzHarness.ProtocolRefusal),
        new("smb2-response", Smb2Response, FuzzHarness.ProtocolRefusal),
        new("smb2-negotiate", b => _ = NegotiateResponse.Parse(b), FuzzHarness.ProtocolRefusal),
        new("fscc-directory", b => FileInformation.ParseIdBothDirectory(b, []), FuzzHarness.ProtocolRefusal),
        new("fscc-info", FsccInfo, FuzzHarness.ProtocolRefusal),
        new("ntlm-challenge", b => _ = NtlmChallengeMessage.Parse(b), FuzzHarness.ProtocolRefusal),
        new("ntlm-authenticate", NtlmAnswer, FuzzHarness.ProtocolRefusal),
        new("ntlm-av-pairs", b => _ = NtlmAvPairList.Parse(b, "CHALLENGE"), FuzzHarness.ProtocolRefusal),
        new("spnego", Spnego, FuzzHarness.ProtocolRefusal),
        new("transform", Transform, FuzzHarness.ProtocolRefusal),
        new("smb1-response", Smb1Response, FuzzHarness.ProtocolRefusal),
        new("smb1-trans2", Smb1Trans2, FuzzHarness.ProtocolRefusal),
        new("rpc-pdu", RpcPdu, FuzzHarness.RpcRefusal),
        new("ndr-srvsvc", b => _ = SrvsvcNetShareEnumAll.ParseResponse(b, Where), FuzzHarness.RpcRefusal),
        new("smb2-notify", b => _ = ChangeNotifyResponse.Parse(b, NotifyBufferBytes), FuzzHarness.ProtocolRefusal),
        new("smb2-break", Break, FuzzHarness.ProtocolRefusal),
    ];

    public static FuzzHarness Get(string name) =>
        All.FirstOrDefault(h => h.Name == name) ?? throw new ArgumentException($"no harness '{name}'; known: {string.Join(", ", All.Select(h => h.Name))}");

    /// <summary>The body parser the client picks for the command named in the header.</summary>
    private static void Smb2Response(byte[] message)
    {
        var header = Smb2Header.Read(message);
        switch (header.Command)
        {
            case Smb2Command.Negotiate: _ = NegotiateResponse.Parse(message); break;
            case Smb2Command.SessionSetup: _ = SessionSetupResponse.Parse(message); break;
            case Smb2Command.TreeConnect: _ = TreeConnectResponse.Parse(message); break;
            case Smb2Command.Create: _ = CreateResponse.Parse(message); break;
            case Smb2Command.Read: _ = ReadResponse.Locate(message, RequestedBytes); break;
            case Smb2Command.Write: _ = WriteResponse.Count(message, RequestedBytes); break;
            case Smb2Command.Lock: LockResponse.Validate(message); break;
            case Smb2Command.Ioctl: _ = IoctlResponse.Output(message); break;
            case Smb2Command.QueryDirectory:
                FileInformation.ParseIdBothDirectory(OutputBufferResponse.Parse(message, "QUERY_DIRECTORY"), []);
                break;
            case Smb2Command.QueryInfo:
                FsccInfo(OutputBufferResponse.Parse(message, "QUERY_INFO").ToArray());
                break;
            case Smb2Command.ChangeNotify: _ = ChangeNotifyResponse.Parse(message, NotifyBufferBytes); break;
            case Smb2Command.OplockBreak: Break(message); break;
        }
    }

    /// <summary>What arrives with command OPLOCK_BREAK, told apart by StructureSize as the receive loop and the
    /// acknowledgement's answer do: a lease break notification, an oplock break notification (also the layout of
    /// the answer to an oplock acknowledgement), or the answer to a lease acknowledgement.</summary>
    private static void Break(byte[] message)
    {
        int size = message.Length >= Smb2Header.Size + 2 ? BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(Smb2Header.Size)) : -1;
        switch (size)
        {
            case LeaseBreakNotification.StructureSize: _ = LeaseBreakNotification.Parse(message); break;
            case LeaseBreakAcknowledgement.StructureSize: _ = LeaseBreakAcknowledgement.ParseResponse(message); break;
            default: _ = OplockBreakNotification.Parse(message); break;
        }
    }

    /// <summary>The information classes a QUERY_INFO answer may carry; the client knows which it asked for,
    /// a fuzzer does not, so every one gets the bytes.</summary>
    private static void FsccInfo(byte[] data)
    {
        Try(() => FileInformation.ParseAll(data, "fuzz"));
        Try(() => FileInformation.ParseFullSize(data));
        Try(() => FileInformation.ParseVolume(data));
        Try(() => FileInformation.ParseAttribute(data));
    }

    /// <summary>What the client does with a CHALLENGE: parse it and build the AUTHENTICATE from its flags,
    /// timestamp and AV pairs (the values, not just the framing, come from the server).</summary>
    private static void NtlmAnswer(byte[] challenge)
    {
        using var client = new NtlmClient(SmbCredentials.User("fuzz", "not-a-secret", "FUZZ"), "fuzz-server", "FUZZ-CLIENT");
        _ = client.CreateNegotiateMessage();
        _ = client.CreateAuthenticateMessage(challenge);
    }

    private static void Spnego(byte[] token)
    {
        Try(() => SpnegoTokens.DecodeNegTokenResp(token));
        Try(() => SpnegoTokens.DecodeNegTokenInit(token));
    }

    // A fixed key: fuzzed ciphertext essentially never authenticates, so this exercises the header checks
    // in front of the AEAD, which is what a server controls before any key is involved.
    private static readonly byte[] TransformKey = new byte[16];

    private static void Transform(byte[] message)
    {
        foreach (var cipher in new[] { EncryptionCipher.Aes128Gcm, EncryptionCipher.Aes128Ccm })
        {
            using var transform = new TransformCipher(cipher, TransformKey, TransformKey, 0);
            _ = transform.TryDecrypt(message.ToArray(), out _, out _);
        }
    }

    /// <summary>The SMB1 body parser the client picks for the command in the header.</summary>
    private static void Smb1Response(byte[] message)
    {
        var header = Smb1Header.Read(message);
        switch (header.Command)
        {
            case Smb1Command.Negotiate: _ = Smb1NegotiateResponse.Parse(message); break;
            case Smb1Command.SessionSetupAndX: _ = SessionSetupAndXResponse.Parse(message); break;
            case Smb1Command.TreeConnectAndX: _ = TreeConnectAndXResponse.ParseService(message); break;
            case Smb1Command.NtCreateAndX: _ = NtCreateAndXResponse.Parse(message); break;
            case Smb1Command.ReadAndX: _ = ReadAndXResponse.Locate(message, RequestedBytes); break;
            case Smb1Command.Read: _ = CoreReadResponse.Locate(message, RequestedBytes); break;
            case Smb1Command.WriteAndX: _ = WriteAndXResponse.Count(message, RequestedBytes); break;
            case Smb1Command.Transaction2: Smb1Trans2(message); break;
            default:
                // ECHO and the status-only answers (CLOSE, FLUSH, DELETE, ...): the word/byte framing alone.
                _ = new Smb1Reader(message, "fuzz").Bytes.Length;
                break;
        }
    }

    /// <summary>A one-part TRANSACTION2 answer, then what the client reads from its parameters and data.</summary>
    private static void Smb1Trans2(byte[] message)
    {
        var assembler = new Trans2Assembler(ushort.MaxValue, ushort.MaxValue);
        if (!assembler.Add(message)) return;
        byte[] parameters = assembler.Parameters, data = assembler.Data;
        Try(() => Trans2Parameters.ParseFindFirst2(parameters));
        Try(() => Trans2Parameters.ParseFindNext2(parameters));
        foreach (var strings in new[] { Smb1Strings.Unicode, Smb1Strings.Oem })
        {
            // The count comes from the server too (FIND_FIRST2 parameters); take it from the bytes.
            int count = parameters.Length >= 4 ? BinaryPrimitives.ReadUInt16LittleEndian(parameters.AsSpan(2)) : 1;
            Try(() => FindFileBothDirectoryInfo.Parse(data, count, strings, []));
            Try(() => Smb1InformationLevels.ParseFsVolume(data, strings));
            Try(() => Smb1InformationLevels.ParseFsAttribute(data, strings));
        }
        Try(() => Smb1InformationLevels.ParseQueryFileAllInfo(data, "fuzz"));
        Try(() => Smb1InformationLevels.ParseFsSize(data));
    }

    /// <summary>An RPC PDU as the pipe returns it: the common header, then bind_ack or response by type,
    /// and the srvsvc stub of a response.</summary>
    private static void RpcPdu(byte[] pdu)
    {
        var header = RpcHeader.Read(pdu, "fuzz");
        if (header.Type == RpcPacketType.BindAck)
        {
            _ = RpcBindAck.Parse(pdu, header.CallId, Where);
            return;
        }
        byte[] stub = RpcResponseFragment.Parse(pdu, header.CallId, RpcContextId, Where).Stub.ToArray();
        Try(() => SrvsvcNetShareEnumAll.ParseResponse(stub, Where));
    }

    /// <summary>Runs one of several independent parsers on the same bytes: a refusal by one must not hide a
    /// crash in the next. Non-refusals propagate to the runner.</summary>
    private static void Try(Action parse)
    {
        try
        {
            parse();
        }
        catch (SmbProtocolException)
        {
        }
        catch (SmbRpcException)
        {
        }
    }

    private static void Try<T>(Func<T> parse) => Try(() => { _ = parse(); });
}
