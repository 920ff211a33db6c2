using System.Buffers.Binary;
using System.Net.Sockets;
using Serilog;
using SmbDrive.Smb.Smb1.Connection;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;
using SmbDrive.Smb.Transport;

namespace SmbDrive.Smb.Smb1;

/// <summary>Decides between SMB1 and SMB2 before connecting for real. A multi-protocol SMB_COM_NEGOTIATE
/// (MS-SMB2 3.2.4.2.1, 3.3.5.3.1) offers "NT LM 0.12", "SMB 2.002" and "SMB 2.???": a server with SMB2 answers
/// with an SMB2 NEGOTIATE response (dialect 0x0202 or the wildcard 0x02FF), one without picks NT LM 0.12. Each
/// probe uses its own short-lived TCP connection.</summary>
/// <remarks>Found with Samba 4.17 and <c>server max protocol = NT1</c>: it closes the connection, without a word,
/// on an SMB2 NEGOTIATE; an SMB2-only Samba answers an NT-LM-0.12-only negotiate with DialectIndex 0xFFFF.</remarks>
public static class Smb1Negotiation
{
    private const int MaxAnswerBytes = 64 * 1024;

    /// <summary>Sends the multi-protocol negotiate and reports whether the server chose SMB2 or SMB1.</summary>
    /// <exception cref="SmbConnectionException">The server cannot be reached or closed the connection.</exception>
    /// <exception cref="SmbException">The server accepts none of the offered dialects.</exception>
    public static async Task<Smb1ProbeResult> ProbeAsync(string host, int port, SmbClientOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string endpoint = port == SmbAddress.DefaultPort ? host : $"{host}:{port}";
        using var socket = await TcpConnector.OpenAsync(host, port, options, cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.RequestTimeoutSeconds));
        byte[] answer;
        try
        {
            await stream.WriteAsync(MultiProtocolNegotiate(), timeout.Token).ConfigureAwait(false);
            answer = await ReadFrameAsync(stream, endpoint, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SmbConnectionException($"{endpoint}: no answer to the negotiate within {options.RequestTimeoutSeconds} s");
        }
        catch (IOException e)
        {
            throw new SmbConnectionException($"{endpoint}: connection lost during the negotiate ({e.Message})", e);
        }

        Smb1ProbeResult result;
        if (answer.Length >= 4 && answer[0] == 0xFE && answer[1] == (byte)'S' && answer[2] == (byte)'M' && answer[3] == (byte)'B')
        {
            result = Smb1ProbeResult.Smb2;
        }
        else
        {
            var negotiated = Smb1NegotiateResponse.Parse(answer);
            result = negotiated.DialectIndex switch
            {
                0 => Smb1ProbeResult.Smb1,
                Smb1NegotiateResponse.NoDialect => throw new SmbException($@"\\{endpoint}: the server accepts none of NT LM 0.12, SMB 2.002 and SMB 2.???"),
                _ => throw new SmbProtocolException($@"\\{endpoint}: the server chose dialect {negotiated.DialectIndex}, which does not exist in our offer"),
            };
        }
        logger?.Debug("Multi-protocol negotiate with {Endpoint}: the server chose {Result}", endpoint, result);
        return result;
    }

    /// <summary>For the SMB2 path after its NEGOTIATE failed (Samba NT1-only closes the connection): true when the
    /// server picks NT LM 0.12 although SMB2 is offered, i.e. it speaks only SMB1. Any failure of the probe itself
    /// means "not known to be SMB1-only" and gives false.</summary>
    public static async Task<bool> SpeaksOnlySmb1Async(string host, int port, SmbClientOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        try
        {
            return await ProbeAsync(host, port, options, logger, cancellationToken).ConfigureAwait(false) == Smb1ProbeResult.Smb1;
        }
        catch (SmbException)
        {
            return false;
        }
    }

    /// <summary>The error to raise when SMB1 is not allowed and the server speaks nothing else.</summary>
    public static SmbException Smb1OnlyError(SmbAddress address, Exception? inner = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new SmbException($"{address.Where("")}: the server speaks only SMB1 (NT LM 0.12); set Smb:AllowSmb1=true (--smb1) to use it", inner);
    }

    /// <summary>The framed negotiate request: MID 0, no session, Unicode/NT status/extended security flags.</summary>
    internal static byte[] MultiProtocolNegotiate()
    {
        var request = new Smb1NegotiateRequest([Smb1NegotiateRequest.NtLm012, Smb1NegotiateRequest.Smb2002, Smb1NegotiateRequest.Smb2Wildcard]);
        int length = Smb1Header.Size + request.BodySize(Smb1Strings.Unicode);
        var frame = new byte[4 + length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)length);
        new Smb1Header
        {
            Command = Smb1Command.Negotiate,
            Flags = Smb1Flags.CaseInsensitive | Smb1Flags.CanonicalizedPaths,
            Flags2 = Smb1Flags2.LongNames | Smb1Flags2.IsLongName | Smb1Flags2.ExtendedSecurity | Smb1Flags2.NtStatus | Smb1Flags2.Unicode,
            Tid = 0xFFFF,
            PidLow = (ushort)Environment.ProcessId,
        }.Write(frame.AsSpan(4));
        request.WriteBody(frame.AsSpan(4, length), Smb1Strings.Unicode);
        return frame;
    }

    private static async Task<byte[]> ReadFrameAsync(NetworkStream stream, string endpoint, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        while (true)
        {
            await ReadExactlyAsync(stream, prefix, endpoint, cancellationToken).ConfigureAwait(false);
            int length = (int)(BinaryPrimitives.ReadUInt32BigEndian(prefix) & 0xFFFFFF);
            if (prefix[0] == 0x85 && length == 0) continue; // NetBIOS keep-alive
            if (prefix[0] != 0 || length < 4 || length > MaxAnswerBytes)
                throw new SmbProtocolException($"{endpoint}: not an SMB answer to the negotiate");
            var answer = new byte[length];
            await ReadExactlyAsync(stream, answer, endpoint, cancellationToken).ConfigureAwait(false);
            return answer;
        }
    }

    private static async Task ReadExactlyAsync(NetworkStream stream, byte[] buffer, string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new SmbConnectionException($"{endpoint}: the server closed the connection during the negotiate", e);
        }
    }
}
