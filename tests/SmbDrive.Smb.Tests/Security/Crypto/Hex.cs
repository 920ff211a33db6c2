namespace SmbDrive.Smb.Tests.Security.Crypto;

/// <summary>Test vectors are pasted as published: hex with spaces or line breaks.</summary>
internal static class Hex
{
    public static byte[] Parse(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
