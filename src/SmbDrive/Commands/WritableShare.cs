using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary>The write side of a connected share, or one clear error when the server offers none (SMB1).</summary>
internal static class WritableShare
{
    public static ISmbWritableShare Of(ISmbShare share, SmbAddress address) =>
        share as ISmbWritableShare
        ?? throw new SmbException($"{address.Where("")}: the server speaks only SMB1, over which smbdrive cannot write yet");
}
