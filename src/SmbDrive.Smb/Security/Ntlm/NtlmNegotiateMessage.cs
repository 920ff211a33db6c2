using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>NEGOTIATE_MESSAGE, MS-NLMP 2.2.1.1: Signature(8) MessageType(4) NegotiateFlags(4) DomainNameFields(8)
/// WorkstationFields(8) Version(8), then the payload. SmbDrive always sends empty domain and workstation, since
/// the OEM_*_SUPPLIED flags are not set and servers reject the combination with Version (SMBLibrary c944922).</summary>
internal sealed class NtlmNegotiateMessage
{
    private const int FlagsOffset = 12;
    private const int DomainFieldsOffset = 16;
    private const int WorkstationFieldsOffset = 24;
    private const int VersionOffset = 32;
    private const int MinimumLength = VersionOffset;
    public const int HeaderLength = VersionOffset + NtlmVersion.Size;
    private const string Name = "NEGOTIATE";

    public NtlmNegotiateMessage(NtlmNegotiateFlags flags, NtlmVersion? version, string domain = "", string workstation = "")
    {
        Flags = flags;
        Version = version;
        Domain = domain;
        Workstation = workstation;
    }

    public NtlmNegotiateFlags Flags { get; }
    public NtlmVersion? Version { get; }
    public string Domain { get; }
    public string Workstation { get; }

    public byte[] Encode()
    {
        // OEM encoding per 2.2.1.1 (the domain and workstation are the only OEM strings in NTLM).
        byte[] domain = Encoding.ASCII.GetBytes(Domain);
        byte[] workstation = Encoding.ASCII.GetBytes(Workstation);
        var message = new byte[HeaderLength + domain.Length + workstation.Length];
        NtlmMessageHeader.Write(message, NtlmMessageHeader.NegotiateType);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(FlagsOffset), (uint)Flags);
        int offset = HeaderLength;
        NtlmPayloadField.Write(message, DomainFieldsOffset, domain.Length, offset);
        domain.CopyTo(message, offset);
        offset += domain.Length;
        NtlmPayloadField.Write(message, WorkstationFieldsOffset, workstation.Length, offset);
        workstation.CopyTo(message, offset);
        (Version ?? NtlmVersion.Default).Write(message.AsSpan(VersionOffset));
        return message;
    }

    /// <exception cref="SmbProtocolException">The message is truncated or a field points outside it.</exception>
    public static NtlmNegotiateMessage Parse(ReadOnlySpan<byte> message)
    {
        NtlmMessageHeader.Check(message, NtlmMessageHeader.NegotiateType, MinimumLength, Name);
        var flags = (NtlmNegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[FlagsOffset..]);
        var domain = NtlmPayloadField.Read(message, DomainFieldsOffset, Name, "DomainName");
        var workstation = NtlmPayloadField.Read(message, WorkstationFieldsOffset, Name, "Workstation");
        NtlmVersion? version = null;
        if ((flags & NtlmNegotiateFlags.Version) != 0 && message.Length >= HeaderLength)
            version = NtlmVersion.Read(message[VersionOffset..]);
        return new NtlmNegotiateMessage(flags, version, Encoding.ASCII.GetString(domain), Encoding.ASCII.GetString(workstation));
    }

    public override string ToString() => $"NTLM NEGOTIATE flags=0x{(uint)Flags:X8} version={Version}";
}
