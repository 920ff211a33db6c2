using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary>The write side of a connected share, or one clear error when the share has none.</summary>
internal static class WritableShare
{
    public static ISmbWritableShare Of(ISmbShare share, SmbAddress address) =>
        share as ISmbWritableShare
        ?? throw new SmbException($"{address.Where("")}: this share offers no writing");
}
