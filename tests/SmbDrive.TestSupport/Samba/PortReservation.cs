using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SmbDrive.TestSupport;

/// <summary>
/// A free loopback port, held for the life of a server by a lock file, so that other test processes using this
/// harness never pick it, not even while the server is stopped for a reconnect test.
/// </summary>
internal sealed class PortReservation : IDisposable
{
    private static readonly string LockFolder = Path.Combine(Path.GetTempPath(), "smbdrive-ports");
    private readonly FileStream _lock;

    private PortReservation(int port, FileStream lockFile)
    {
        Port = port;
        _lock = lockFile;
    }

    public int Port { get; }

    public static PortReservation Acquire()
    {
        Directory.CreateDirectory(LockFolder);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = PickFreePort();
            if (ProcessTable.CountLoopbackListeners(port) != 0)
            {
                continue;
            }

            try
            {
                // FileShare.None takes an flock on Unix: another process asking for the same port fails here.
                var lockFile = new FileStream(
                    Path.Combine(LockFolder, port.ToString(CultureInfo.InvariantCulture) + ".lock"),
                    FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                return new PortReservation(port, lockFile);
            }
            catch (IOException)
            {
                // Held by another server; pick again.
            }
        }

        throw new InvalidOperationException("Could not reserve a free loopback port after 100 attempts.");
    }

    public void Dispose() => _lock.Dispose();

    private static int PickFreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
