namespace SmbDrive.Smb;

/// <summary>Settings of the SMB client, bound from the <c>Smb</c> configuration section.</summary>
public sealed class SmbClientOptions
{
    /// <summary>Lowest dialect offered: 2.0.2, 2.1, 3.0, 3.0.2 or 3.1.1.</summary>
    public string MinDialect { get; set; } = "2.0.2";

    /// <summary>Highest dialect offered.</summary>
    public string MaxDialect { get; set; } = "3.1.1";

    /// <summary>Sign every request of an authenticated session and demand signed responses. Off only for
    /// old servers that cannot sign; turning it off is logged as a warning.</summary>
    public bool RequireSigning { get; set; } = true;

    /// <summary>Encrypt every message, and fail when the server cannot.</summary>
    public bool RequireEncryption { get; set; }

    /// <summary>Accept a guest session that the server grants although we asked for a user logon.</summary>
    public bool AllowGuest { get; set; }

    /// <summary>Offer SMB1 (NT LM 0.12) for servers that speak nothing newer.</summary>
    public bool AllowSmb1 { get; set; }

    public int ConnectTimeoutSeconds { get; set; } = 15;

    /// <summary>How long one request may wait for its response before the connection is declared dead. Once
    /// the server has answered STATUS_PENDING (interim response) the request waits as long as the server works
    /// on it (MS-SMB2 3.2.6.1), such as a byte-range lock waiting for another client to unlock.</summary>
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>Credits to keep granted, so that many reads can be in flight at once.</summary>
    public int CreditTarget { get; set; } = 512;

    /// <summary>Upper bound for one READ, below the server's MaxReadSize (bytes).</summary>
    public int MaxReadChunk { get; set; } = 1024 * 1024;

    /// <summary>Upper bound for one WRITE, below the server's MaxWriteSize (bytes).</summary>
    public int MaxWriteChunk { get; set; } = 1024 * 1024;

    /// <summary>Memory budget of the adaptive read window: the most bytes of READs one connection keeps in
    /// flight. The window itself starts at four READs and grows with the measured bandwidth-delay product
    /// (<see cref="Io.ReadWindow"/>), so a LAN stays small and a long, fast link gets what it needs.</summary>
    public int ReadWindowBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>TCP connections per share for reading large files. Samba serves each connection in its own
    /// process, so one connection is bounded by one server core; the READs of a file of at least
    /// <see cref="StripeThresholdBytes"/> are spread over this many connections by the read scheduler, whatever
    /// the size of each read. Small files and metadata use the first connection only.</summary>
    public int ConnectionsPerShare { get; set; } = 2;

    /// <summary>Smallest file whose reads are spread over the extra connections.</summary>
    public int StripeThresholdBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Negotiate (Kerberos first, NTLMv2 as fallback), Kerberos or Ntlm.</summary>
    public SmbAuthentication Authentication { get; set; } = SmbAuthentication.Negotiate;

    /// <summary>Kerberos service principal of the server; empty means <c>cifs/&lt;host as written in the
    /// address&gt;</c>. Set it for a server reached by IP address or through a tunnel.</summary>
    public string ServicePrincipalName { get; set; } = "";

    /// <summary>Machine name sent in NTLM messages.</summary>
    public string Workstation { get; set; } = "SMBDRIVE";

    internal SmbDialect MinDialectValue => SmbDialects.Parse(MinDialect);
    internal SmbDialect MaxDialectValue => SmbDialects.Parse(MaxDialect);

    public SmbClientOptions Clone() => (SmbClientOptions)MemberwiseClone();
}
