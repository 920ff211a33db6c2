namespace SmbDrive.Vfs.Caching;

/// <summary>One directory's entries as the server listed them, with lookups by name so that "list, then
/// ask about every entry" is answered from memory.</summary>
internal sealed class DirectoryListing
{
    private readonly Dictionary<string, VfsFileInfo> _byExactName;
    private readonly HashSet<string> _foldedNames;

    public DirectoryListing(VfsFileInfo[] entries, long fetchedAt, long expiresAt)
    {
        // Read-only view: the same array goes to every caller for as long as the listing is fresh.
        Entries = Array.AsReadOnly(entries);
        FetchedAt = fetchedAt;
        ExpiresAt = expiresAt;
        _byExactName = new Dictionary<string, VfsFileInfo>(entries.Length, StringComparer.Ordinal);
        _foldedNames = new HashSet<string>(entries.Length, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            _byExactName.TryAdd(entry.Name, entry);
            _foldedNames.Add(entry.Name);
        }
    }

    public IReadOnlyList<VfsFileInfo> Entries { get; }
    public long FetchedAt { get; }
    public long ExpiresAt { get; }

    /// <summary>Found: the entry. Absent: no name matches even ignoring case, so the name does not exist
    /// whatever the server's case rules. CaseVariant: only a differently-cased name exists, which is the same
    /// file on a case-insensitive server and a different one on a case-sensitive server: ask the server.</summary>
    public NameLookup Lookup(string name, out VfsFileInfo? info)
    {
        if (_byExactName.TryGetValue(name, out info)) return NameLookup.Found;
        return _foldedNames.Contains(name) ? NameLookup.CaseVariant : NameLookup.Absent;
    }
}

internal enum NameLookup
{
    Found,
    Absent,
    CaseVariant,
}
