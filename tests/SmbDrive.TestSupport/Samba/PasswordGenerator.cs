using System.Security.Cryptography;

namespace SmbDrive.TestSupport;

/// <summary>Random per-server passwords, so a password can never be reused from a log of an earlier run.</summary>
internal static class PasswordGenerator
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    // 24 symbols of a 57-letter alphabet is about 140 bits; the fixed tail satisfies any complexity rule.
    public static string Create() => RandomNumberGenerator.GetString(Alphabet, 24) + "-9aZ";
}
