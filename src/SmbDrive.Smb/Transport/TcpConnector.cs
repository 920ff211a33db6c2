using System.Net.Sockets;

namespace SmbDrive.Smb.Transport;

/// <summary>The TCP connect that both the SMB2/3 and the SMB1 connection (and the SMB1 probe) start with:
/// Nagle off, a large receive buffer for READ responses, the configured connect timeout, and failures as one
/// readable <see cref="SmbConnectionException"/>.</summary>
internal static class TcpConnector
{
    public static async Task<Socket> OpenAsync(string host, int port, SmbClientOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.ConnectTimeoutSeconds));
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.ReceiveBufferSize = 4 * 1024 * 1024;
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SmbConnectionException($"{host}:{port}: no answer within {options.ConnectTimeoutSeconds} s (connect timeout)");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SmbConnectionException($"{host}:{port}: cannot connect ({e.SocketErrorCode})", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
