using System.Buffers.Binary;
using System.Security.Cryptography;
using SmbDrive.Smb.Smb1.Protocol;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>MS-CIFS 3.1.4.1: signature = first 8 bytes of MD5(MACKey ‖ message with the sequence number in the
/// signature field). The expected values are computed here from that definition, independently of the signer.</summary>
public class Smb1SignerTests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");

    private static byte[] Message()
    {
        var message = new byte[80];
        new Smb1Header { Command = Smb1Command.ReadAndX, Flags2 = Smb1Flags2.SecuritySignature, Mid = 9 }.Write(message);
        for (int i = 32; i < message.Length; i++) message[i] = (byte)(i * 3);
        return message;
    }

    private static byte[] Expected(byte[] message, uint sequence)
    {
        byte[] copy = message.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(14), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(18), 0);
        return MD5.HashData([.. Key, .. copy])[..8];
    }

    [Test]
    public void Sign_WritesFirstEightBytesOfMd5OverKeyAndNumberedMessage()
    {
        using var signer = new Smb1Signer(Key);
        var message = Message();
        signer.Sign(message, 6);
        Assert.That(message.AsSpan(14, 8).ToArray(), Is.EqualTo(Expected(Message(), 6)));
        Assert.That(message.AsSpan(0, 14).ToArray(), Is.EqualTo(Message()[..14]), "nothing but the signature changes");
        Assert.That(message.AsSpan(22).ToArray(), Is.EqualTo(Message()[22..]));
    }

    [Test]
    public void Verify_RightSequence_TrueAndMessageUnchanged()
    {
        using var signer = new Smb1Signer(Key);
        var message = Message();
        signer.Sign(message, 7);
        byte[] before = message.ToArray();
        Assert.That(signer.Verify(message, 7), Is.True);
        Assert.That(message, Is.EqualTo(before));
    }

    [Test]
    public void Verify_WrongSequenceTamperedOrOtherKey_False()
    {
        using var signer = new Smb1Signer(Key);
        var message = Message();
        signer.Sign(message, 3);
        Assert.That(signer.Verify(message, 5), Is.False, "a replayed or reordered message carries another number");
        using var other = new Smb1Signer(new byte[16]);
        Assert.That(other.Verify(message, 3), Is.False);
        message[^1] ^= 1;
        Assert.That(signer.Verify(message, 3), Is.False);
        Assert.That(signer.Verify(new byte[10], 3), Is.False);
    }

    [Test]
    public void Dispose_ThenUse_Throws()
    {
        var signer = new Smb1Signer(Key);
        signer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => signer.Sign(Message(), 1));
        Assert.That(signer.ToString(), Does.Not.Contain("0001020304"));
    }
}
