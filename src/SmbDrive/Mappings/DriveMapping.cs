using System.Text.Json.Serialization;

namespace SmbDrive.Mappings;

/// <summary>A recorded persistent mapping (<c>mount ... --persistent</c>): the drive letter, the share, the user
/// and the mount flags. Never a password: that stays in the Credential Manager.</summary>
internal sealed record DriveMapping(
    [property: JsonPropertyName("drive")] string Drive,
    [property: JsonPropertyName("share")] string Share,
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("options")] IReadOnlyList<string> Options)
{
    /// <summary>"Z:" from "z:", "Z:" or "Z:\"; null for anything that is not a drive letter.</summary>
    public static string? NormalizeDrive(string text)
    {
        string t = text.Trim().TrimEnd('\\', '/');
        return t.Length == 2 && char.IsAsciiLetter(t[0]) && t[1] == ':' ? char.ToUpperInvariant(t[0]) + ":" : null;
    }
}

/// <summary>The mappings file: a version and the list, so that a later format can be told apart.</summary>
internal sealed record MappingsDocument(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("mappings")] IReadOnlyList<DriveMapping> Mappings);

/// <summary>Generated serialization, so that the native (AOT) build reads and writes the file without reflection.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(MappingsDocument))]
internal sealed partial class MappingsJsonContext : JsonSerializerContext;
