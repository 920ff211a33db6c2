using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>A loopback TCP relay that holds every piece of data for a fixed time in each direction, without
/// limiting how much is in transit: a long link, as far as the client can tell.</summary>
internal sealed class DelayingProxy : LoopbackRelay
{
    private readonly long _delayTicks;

    public DelayingProxy(int serverPort, TimeSpan oneWay) : base(serverPort)
    {
        _delayTicks = (long)(oneWay.TotalSeconds * Stopwatch.Frequency);
        Start();
    }

    /// <summary>One direction: a reader stamps each piece with the time it is due, a writer sends it then.</summary>
    protected override async Task RelayAsync(NetworkStream from, NetworkStream to, bool fromServer)
    {
        var queue = Channel.CreateUnbounded<(long Due, byte[] Data, int Length)>();
        Task writer = Task.Run(async () =>
        {
            try
            {
                await foreach (var (due, data, length) in queue.Reader.ReadAllAsync(Stopping.Token))
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, Stopping.Token);
                    await to.WriteAsync(data.AsMemory(0, length), Stopping.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
            to.Close();
        });
        try
        {
            while (true)
            {
                var data = new byte[256 * 1024];
                int n = await from.ReadAsync(data, Stopping.Token);
                if (n == 0) break;
                queue.Writer.TryWrite((Stopwatch.GetTimestamp() + _delayTicks, data, n));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
        queue.Writer.TryComplete();
        await writer;
    }
}
