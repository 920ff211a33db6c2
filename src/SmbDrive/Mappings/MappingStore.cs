using System.Text.Json;
using SmbDrive.CommandLine;

namespace SmbDrive.Mappings;

/// <summary>The recorded persistent mappings, one JSON file per user (%APPDATA%\smbdrive\mappings.json on
/// Windows). Written to a temporary file and renamed, so a crash never leaves half a file. A file that does not
/// parse is an error naming it, never silently replaced: it may hold mappings the user wants back.</summary>
internal sealed class MappingStore(string path)
{
    public const int Version = 1;

    public string FilePath => path;

    /// <summary>%APPDATA%\smbdrive\mappings.json (elsewhere the same under the XDG config folder).</summary>
    public static MappingStore ForCurrentUser() =>
        new(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "smbdrive", "mappings.json"));

    public IReadOnlyList<DriveMapping> Load()
    {
        if (!File.Exists(path)) return [];
        MappingsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(File.ReadAllText(path), MappingsJsonContext.Default.MappingsDocument);
        }
        catch (JsonException e)
        {
            throw new UsageException($"mappings file {path}: {e.Message}", e);
        }
        if (document is null || document.Version != Version || document.Mappings is null)
            throw new UsageException($"mappings file {path}: not a version {Version} mappings file");
        foreach (var m in document.Mappings)
        {
            if (m is null || DriveMapping.NormalizeDrive(m.Drive ?? "") != m.Drive || string.IsNullOrWhiteSpace(m.Share) || m.Options is null)
                throw new UsageException($"mappings file {path}: an entry without a valid drive letter or share");
        }
        return document.Mappings;
    }

    /// <summary>Records <paramref name="mapping"/>, replacing any mapping of the same drive letter.</summary>
    public void Add(DriveMapping mapping)
    {
        var list = Load().Where(m => m.Drive != mapping.Drive).Append(mapping).OrderBy(m => m.Drive, StringComparer.Ordinal).ToList();
        Save(list);
    }

    /// <summary>Forgets the mapping of <paramref name="drive"/>; false when there was none.</summary>
    public bool Remove(string drive)
    {
        var list = Load();
        var kept = list.Where(m => m.Drive != drive).ToList();
        if (kept.Count == list.Count) return false;
        Save(kept);
        return true;
    }

    /// <summary>Writes exactly <paramref name="mappings"/> (to put back what was there before a failed mount).</summary>
    public void Save(IReadOnlyList<DriveMapping> mappings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new MappingsDocument(Version, mappings), MappingsJsonContext.Default.MappingsDocument));
        File.Move(temporary, path, overwrite: true);
    }
}
