namespace SmbDrive.Smb;

/// <summary>SMB2/3 dialect revision numbers as they appear on the wire (MS-SMB2 2.2.3).</summary>
public enum SmbDialect : ushort
{
    Smb202 = 0x0202,
    Smb210 = 0x0210,
    Smb300 = 0x0300,
    Smb302 = 0x0302,
    Smb311 = 0x0311,
}

public static class SmbDialects
{
    public static readonly IReadOnlyList<SmbDialect> All =
        [SmbDialect.Smb202, SmbDialect.Smb210, SmbDialect.Smb300, SmbDialect.Smb302, SmbDialect.Smb311];

    /// <summary>Parses the configuration spelling: 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1.</summary>
    public static SmbDialect Parse(string text) => text.Trim() switch
    {
        "2.0.2" or "2.02" => SmbDialect.Smb202,
        "2.1" or "2.1.0" or "2.10" => SmbDialect.Smb210,
        "3.0" or "3.0.0" => SmbDialect.Smb300,
        "3.0.2" or "3.02" => SmbDialect.Smb302,
        "3.1.1" or "3.11" => SmbDialect.Smb311,
        _ => throw new ArgumentException($"unknown SMB dialect '{text}' (use 2.0.2, 2.1, 3.0, 3.0.2 or 3.1.1)"),
    };

    public static string ToDisplay(this SmbDialect dialect) => dialect switch
    {
        SmbDialect.Smb202 => "2.0.2",
        SmbDialect.Smb210 => "2.1",
        SmbDialect.Smb300 => "3.0",
        SmbDialect.Smb302 => "3.0.2",
        SmbDialect.Smb311 => "3.1.1",
        _ => $"0x{(ushort)dialect:X4}",
    };

    public static bool IsSmb3(this SmbDialect dialect) => dialect >= SmbDialect.Smb300;
}
