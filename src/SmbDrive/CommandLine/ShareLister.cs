using Serilog;
using SmbDrive.Smb;

namespace SmbDrive.CommandLine;

/// <summary>Lists a server's shares; <see cref="SmbShareBrowser.ListSharesAsync"/> in the product.</summary>
internal delegate Task<IReadOnlyList<SmbShareInfo>> ShareLister(string host, int port, SmbCredentials credentials,
    SmbClientOptions options, ILogger? logger, CancellationToken cancellationToken);
