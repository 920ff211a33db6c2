using System.Buffers.Binary;
using System.Net.Sockets;

namespace SmbDrive.TestSupport;

/// <summary>A loopback TCP relay between the client and Samba that can rewrite server messages. The rule
/// sees each server-to-client SMB message (without the 4-byte frame) with its index and may change it in
/// place; returning false drops the connection instead.</summary>
public sealed class TamperingProxy : LoopbackRelay
{
    private readonly Func<int, byte[], bool> _rule;
    private int _index;

    public TamperingProxy(int serverPort, Func<int, byte[], bool> rule) : base(serverPort)
    {
        _rule = rule;
        Start();
    }

    /// <summary>Set by the rule when it actually changed something, so a test can prove the attack happened.</summary>
    public bool Tampered { get; set; }

    protected override Task RelayAsync(NetworkStream from, NetworkStream to, bool fromServer) =>
        PumpAsync(from, to, fromServer ? _rule : null);

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Func<int, byte[], bool>? rule)
    {
        var frame = new byte[4];
        try
        {
            while (true)
            {
                await from.ReadExactlyAsync(frame, Stopping.Token);
                var message = new byte[BinaryPrimitives.ReadUInt32BigEndian(frame) & 0xFFFFFF];
                await from.ReadExactlyAsync(message, Stopping.Token);
                if (rule is not null && !rule(Interlocked.Increment(ref _index) - 1, message))
                {
                    from.Close();
                    to.Close();
                    return;
                }
                await to.WriteAsync(frame, Stopping.Token);
                await to.WriteAsync(message, Stopping.Token);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
        {
            from.Close();
            to.Close();
        }
    }

    public static bool IsSmb2(byte[] m) => m.Length >= 64 && m[0] == 0xFE && m[1] == 'S';
    public static bool IsTransform(byte[] m) => m.Length >= 52 && m[0] == 0xFD && m[1] == 'S';
    public static ushort Command(byte[] m) => BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(12));

    /// <summary>An interim answer (STATUS_PENDING, MS-SMB2 3.3.4.2): unsigned by design and followed by the real
    /// one. A server busy with other work sends it for a slow READ, so a rule aimed at "the READ answer" must
    /// skip it.</summary>
    public static bool IsInterim(byte[] m) => IsSmb2(m) && BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(8)) == 0x103;
}
