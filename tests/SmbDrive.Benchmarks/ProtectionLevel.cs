namespace SmbDrive.Benchmarks;

/// <summary>What a connection guarantees, in the order the benchmark measures them: the default settings
/// first (smbdrive signs unless told not to), then plain, then encrypted.</summary>
internal enum Protection
{
    Signed,
    Plain,
    Encrypted,
}

/// <summary>One protection level and how each tool is told to use it. The encrypted level reads from a share
/// that demands encryption, so no tool can fall back to a plain connection there.</summary>
internal sealed record ProtectionLevel(Protection Protection, string Name, string Share, string[] SmbDriveArguments, string[] SmbclientArguments)
{
    /// <summary>smbdrive with no protection option at all: Smb:RequireSigning is true by default.</summary>
    public static readonly ProtectionLevel Default = new(Protection.Signed, "default (signed)", "bench", [], ["--option=client signing=required"]);

    public static readonly ProtectionLevel Plain = new(Protection.Plain, "plain", "bench", ["--Smb:RequireSigning=false"], ["--option=client signing=disabled"]);

    public static readonly ProtectionLevel Encrypted = new(Protection.Encrypted, "encrypted (AES-128-GCM)", "sealed", ["--encrypt"], ["--option=client smb encrypt=required"]);

    public static IReadOnlyList<ProtectionLevel> All { get; } = [Default, Plain, Encrypted];

    /// <summary>Whether what Samba saw on every tree connection is this level: plain is neither signed nor
    /// sealed, signed is signed throughout, encrypted is sealed throughout.</summary>
    public bool IsMetBy(ObservedProtection observed) => observed.Trees.Count > 0 && Protection switch
    {
        Protection.Plain => observed.Trees.All(t => t.SigningDegree == "none" && t.EncryptionDegree == "none"),
        Protection.Signed => observed.Trees.All(t => t.SigningDegree == "full" && t.EncryptionDegree == "none"),
        _ => observed.Trees.All(t => t.EncryptionDegree == "full"),
    };
}
