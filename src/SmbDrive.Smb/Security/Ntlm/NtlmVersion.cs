using System.Buffers.Binary;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>The VERSION structure, MS-NLMP 2.2.2.10 (8 bytes). Informational only: no peer makes decisions on it,
/// but the field must be present for the MIC to sit at its fixed offset in AUTHENTICATE_MESSAGE.</summary>
internal readonly record struct NtlmVersion(byte Major, byte Minor, ushort Build, byte Revision)
{
    public const int Size = 8;

    /// <summary>NTLMSSP_REVISION_W2K3, the only revision in use.</summary>
    public const byte RevisionW2K3 = 0x0F;

    /// <summary>What SmbDrive reports: Windows 10 2004 (10.0.19041), the version most servers are tested against.</summary>
    public static NtlmVersion Default { get; } = new(10, 0, 19041, RevisionW2K3);

    public void Write(Span<byte> destination)
    {
        destination[0] = Major;
        destination[1] = Minor;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], Build);
        destination[4] = 0;
        destination[5] = 0;
        destination[6] = 0;
        destination[7] = Revision;
    }

    public static NtlmVersion Read(ReadOnlySpan<byte> source) =>
        new(source[0], source[1], BinaryPrimitives.ReadUInt16LittleEndian(source[2..]), source[7]);

    public override string ToString() => $"{Major}.{Minor}.{Build} rev {Revision}";
}
