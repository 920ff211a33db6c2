namespace SmbDrive.Dokan.Native;

/// <summary>NTSTATUS values the callbacks return on their own, as the int the native side expects
/// (ntstatus.h; dokan-api.md §6.2).</summary>
internal static class NtStatusCodes
{
    public const int InvalidParameter = unchecked((int)0xC000000D);
    /// <summary>Reported when a callback throws: the bug stays in our process, the caller sees an I/O failure.</summary>
    public const int InternalError = unchecked((int)0xC00000E5);
}
