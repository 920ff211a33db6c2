using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_SESSION_SETUP_ANDX request with extended security (MS-SMB 2.2.4.6.1): the SPNEGO token goes
/// in SecurityBlob, exactly as in SMB2 SESSION_SETUP.</summary>
/// <remarks>Words (12): 0 AndX(4) 4 MaxBufferSize(2) 6 MaxMpxCount(2) 8 VcNumber(2) 10 SessionKey(4)
/// 14 SecurityBlobLength(2) 16 Reserved(4) 20 Capabilities(4). Bytes: SecurityBlob, Pad, NativeOS, NativeLanMan.</remarks>
internal sealed class SessionSetupAndXRequest(byte[] securityBlob, ushort maxBufferSize, ushort maxMpxCount, uint sessionKey,
    Smb1Capabilities capabilities) : ISmb1Request
{
    private const int WordCount = 12;
    private const string NativeOs = "Unix", NativeLanMan = "SmbDrive";

    public Smb1Command Command => Smb1Command.SessionSetupAndX;

    private static int BlobStart => Smb1Layout.BytesOffset(WordCount);

    private int ByteCount(Smb1Strings strings)
    {
        int pos = BlobStart + securityBlob.Length;
        pos += strings.SizeAt(pos, NativeOs);
        pos += strings.SizeAt(pos, NativeLanMan);
        return pos - BlobStart;
    }

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, ByteCount(strings));

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        if (securityBlob.Length > ushort.MaxValue) throw new SmbException("SPNEGO token too large for SMB1 SESSION_SETUP_ANDX");
        Span<byte> words = Smb1Layout.Begin(message, WordCount, ByteCount(strings));
        Smb1Layout.NoAndX(words);
        BinaryPrimitives.WriteUInt16LittleEndian(words[4..], maxBufferSize);
        BinaryPrimitives.WriteUInt16LittleEndian(words[6..], maxMpxCount);
        // VcNumber 1: VcNumber 0 tells a Windows server the client restarted, and it drops our other sessions to it.
        BinaryPrimitives.WriteUInt16LittleEndian(words[8..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(words[10..], sessionKey);
        BinaryPrimitives.WriteUInt16LittleEndian(words[14..], (ushort)securityBlob.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(words[20..], (uint)capabilities);
        securityBlob.CopyTo(message[BlobStart..]);
        int pos = strings.Write(message, BlobStart + securityBlob.Length, NativeOs);
        strings.Write(message, pos, NativeLanMan);
    }
}
