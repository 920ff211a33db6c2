using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>Requests made of a few fixed words and bytes: CLOSE (MS-CIFS 2.2.4.5.1), FLUSH (2.2.4.6.1), ECHO
/// (2.2.4.39.1), FIND_CLOSE2 (2.2.4.48.1), TREE_DISCONNECT (2.2.4.51.1) and LOGOFF_ANDX (2.2.4.54.1).</summary>
internal sealed class Smb1SimpleRequest : ISmb1Request
{
    private readonly byte[] _words;
    private readonly byte[] _bytes;

    private Smb1SimpleRequest(Smb1Command command, byte[] words, byte[] bytes)
    {
        Command = command;
        _words = words;
        _bytes = bytes;
    }

    public Smb1Command Command { get; }

    /// <summary>FID, then LastTimeModified 0xFFFFFFFF: leave the file's time alone.</summary>
    public static Smb1SimpleRequest Close(ushort fid)
    {
        var words = new byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(words, fid);
        BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(2), 0xFFFFFFFF);
        return new(Smb1Command.Close, words, []);
    }

    /// <summary>FID: the server commits the file's data to disk. The response has neither words nor bytes.</summary>
    public static Smb1SimpleRequest Flush(ushort fid)
    {
        var words = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(words, fid);
        return new(Smb1Command.Flush, words, []);
    }

    /// <summary>EchoCount 1 and the data the server must send back.</summary>
    public static Smb1SimpleRequest Echo(byte[] data)
    {
        var words = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(words, 1);
        return new(Smb1Command.Echo, words, data);
    }

    public static Smb1SimpleRequest FindClose2(ushort searchId)
    {
        var words = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(words, searchId);
        return new(Smb1Command.FindClose2, words, []);
    }

    public static Smb1SimpleRequest TreeDisconnect() => new(Smb1Command.TreeDisconnect, [], []);

    public static Smb1SimpleRequest LogoffAndX() => new(Smb1Command.LogoffAndX, [(byte)Smb1Command.NoAndX, 0, 0, 0], []);

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(_words.Length / 2, _bytes.Length);

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        _words.CopyTo(Smb1Layout.Begin(message, _words.Length / 2, _bytes.Length));
        _bytes.CopyTo(message[Smb1Layout.BytesOffset(_words.Length / 2)..]);
    }
}
