using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 SESSION_SETUP request (MS-SMB2 2.2.5).</summary>
/// <remarks>body: 0 StructureSize(25) 2 Flags 3 SecurityMode 4 Capabilities 8 Channel
/// 12 SecurityBufferOffset 14 SecurityBufferLength 16 PreviousSessionId 24 Buffer.</remarks>
internal sealed class SessionSetupRequest(byte[] securityBuffer, byte securityMode) : ISmb2Request
{
    public Smb2Command Command => Smb2Command.SessionSetup;
    public int BodySize => 24 + Math.Max(1, securityBuffer.Length);
    public int CreditPayloadSize => 0;

    public void WriteBody(Span<byte> body)
    {
        body.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 25);
        body[3] = securityMode;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)SmbCapabilities.Dfs);
        BinaryPrimitives.WriteUInt16LittleEndian(body[12..], Smb2Header.Size + 24);
        BinaryPrimitives.WriteUInt16LittleEndian(body[14..], (ushort)securityBuffer.Length);
        securityBuffer.CopyTo(body[24..]);
    }
}

/// <summary>SMB2 SESSION_SETUP response (MS-SMB2 2.2.6).</summary>
internal sealed class SessionSetupResponse
{
    public const ushort IsGuest = 0x1, IsNull = 0x2, EncryptData = 0x4;

    public ushort SessionFlags { get; private init; }
    public byte[] SecurityBuffer { get; private init; } = [];

    public static SessionSetupResponse Parse(ReadOnlySpan<byte> message)
    {
        var r = new BodyReader(message, "SESSION_SETUP", 9, 8);
        return new SessionSetupResponse
        {
            SessionFlags = r.U16(2),
            SecurityBuffer = r.Buffer(r.U16(4), r.U16(6)).ToArray(),
        };
    }
}
