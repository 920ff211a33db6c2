using System.Buffers;
using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

internal sealed unsafe partial class FuseFileSystem
{
    /// <summary>Position of the first server entry: 0 is ".", 1 is "..".</summary>
    private const int FirstChildPosition = 2;

    public int OpenDir(string path, FuseFileInfo* fileInfo)
    {
        try
        {
            var result = Wait(_drive.OpenAsync(path, VfsOpenIntent.Directory, _stopping.Token));
            if (!result.IsSuccess)
                return Errno(result.Status);
            fileInfo->Fh = _handles.Add(result.Value!);
            return 0;
        }
        catch (Exception ex)
        {
            return Failed("opendir", path, ex);
        }
    }

    /// <summary>Lists a directory in libfuse's offset mode: entry i is passed with offset i + 1, and a later call
    /// resumes at the offset the kernel hands back. Every entry carries its full stat with FUSE_FILL_DIR_PLUS,
    /// so readdirplus gives the kernel the attributes and <c>ls -l</c> needs no getattr per entry. (libfuse's
    /// offset-0 mode would send readdirplus entries with inode 0, which the kernel ignores.)</summary>
    public int ReadDir(string path, void* buffer, delegate* unmanaged[Cdecl]<void*, byte*, Stat*, long, int, int> filler,
        long offset, FuseFileInfo* fileInfo, int flags)
    {
        try
        {
            if (offset < 0)
                return -StatusMap.EINVAL;
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            var listing = offset == 0 || entry?.Listing == null ? null : entry.Listing;
            if (listing == null)
            {
                var result = Wait(_drive.ListAsync(path, null, _stopping.Token));
                if (!result.IsSuccess)
                    return Errno(result.Status);
                listing = result.Value!;
                if (entry != null)
                    entry.Listing = listing;
            }

            Stat stat = default;
            long total = (long)listing.Count + FirstChildPosition;
            for (long position = offset; position < total; position++)
            {
                int full;
                if (position == 0)
                {
                    if (entry != null)
                        StatFiller.Fill(ref stat, entry.Handle.Info, path, _owner, _drive.IsReadOnly);
                    else
                        StatFiller.FillParentDirectory(ref stat);
                    full = AddEntry(buffer, filler, ".", &stat, position + 1);
                }
                else if (position == 1)
                {
                    StatFiller.FillParentDirectory(ref stat);
                    full = AddEntry(buffer, filler, "..", &stat, position + 1);
                }
                else
                {
                    var info = listing[(int)(position - FirstChildPosition)];
                    // Servers list "." and ".." themselves; ours were sent above.
                    if (info.Name is "." or "..")
                        continue;
                    StatFiller.Fill(ref stat, info, ChildPath(path, info.Name), _owner, _drive.IsReadOnly);
                    full = AddEntry(buffer, filler, info.Name, &stat, position + 1);
                    if (full < 0)
                    {
                        _logger.Warning("Skipping {Name} in {Path}: the name cannot be represented on Linux", info.Name, path);
                        full = 0;
                    }
                }
                if (full > 0)
                    break;
            }
            return 0;
        }
        catch (Exception ex)
        {
            return Failed("readdir", path, ex);
        }
    }

    public int ReleaseDir(string? path, FuseFileInfo* fileInfo) => Release(path, fileInfo);

    /// <summary>Calls the filler; returns its answer (1 = buffer full) or -1 when the name cannot be encoded.</summary>
    private static int AddEntry(void* buffer, delegate* unmanaged[Cdecl]<void*, byte*, Stat*, long, int, int> filler,
        string name, Stat* stat, long nextOffset)
    {
        int maxLength = PathCodec.MaxEncodedLength(name);
        byte[]? rented = null;
        Span<byte> encoded = maxLength <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            bool dots = name is "." or "..";
            int length = dots ? EncodeDots(name, encoded) : PathCodec.TryEncodeName(name, encoded);
            if (length < 0)
                return -1;
            fixed (byte* namePointer = encoded)
                return filler(buffer, namePointer, stat, nextOffset, LibFuse.FillDirPlus) != 0 ? 1 : 0;
        }
        finally
        {
            if (rented != null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int EncodeDots(string name, Span<byte> destination)
    {
        for (int i = 0; i < name.Length; i++)
            destination[i] = (byte)'.';
        destination[name.Length] = 0;
        return name.Length;
    }

    private static string ChildPath(string directory, string name) =>
        directory.EndsWith('/') ? directory + name : directory + "/" + name;
}
