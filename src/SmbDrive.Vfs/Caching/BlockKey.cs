namespace SmbDrive.Vfs.Caching;

/// <summary>One block of one version of a file: bytes [Index × BlockSize, (Index + 1) × BlockSize).</summary>
internal readonly record struct BlockKey(FileVersion Version, long Index);
