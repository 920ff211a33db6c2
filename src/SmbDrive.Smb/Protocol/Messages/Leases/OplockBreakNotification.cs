namespace SmbDrive.Smb.Protocol.Messages.Leases;

/// <summary>SMB2 Oplock Break Notification (MS-SMB2 2.2.23.1), sent unsolicited with MessageId all ones; the
/// response to an OPLOCK_BREAK_ACK (2.2.25.1) has the same layout.</summary>
/// <remarks>body: 0 StructureSize(24) 2 OplockLevel 3 Reserved 4 Reserved2 8 FileId(16).</remarks>
internal readonly record struct OplockBreakNotification(OplockLevel NewLevel, Smb2FileId FileId)
{
    public const ushort StructureSize = 24;

    public static OplockBreakNotification Parse(ReadOnlySpan<byte> message, string what = "oplock break notification")
    {
        var r = new BodyReader(message, what, StructureSize, StructureSize);
        return new OplockBreakNotification((OplockLevel)r.U8(2), Smb2FileId.Read(r.Fixed(8, 16)));
    }
}
