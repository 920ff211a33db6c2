using Serilog;
using SmbDrive.Smb;

namespace SmbDrive.CommandLine;

/// <summary>Opens a share; <see cref="SmbClient.ConnectShareAsync"/> in the product, a fake in unit tests.</summary>
internal delegate Task<ISmbShare> ShareConnector(SmbAddress address, SmbCredentials credentials,
    SmbClientOptions options, ILogger logger, CancellationToken cancellationToken);
