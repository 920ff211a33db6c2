namespace SmbDrive.TestSupport;

/// <summary>A share together with the folder that backs it on disk.</summary>
internal sealed record ResolvedShare(SambaShare Share, string Path);
