using SmbDrive.Smb.Protocol;

namespace SmbDrive.Smb.Tests.Protocol;

public class Smb2HeaderTests
{
    [Test]
    public void WriteThenRead_SyncHeader_RoundTrips()
    {
        var header = new Smb2Header
        {
            CreditCharge = 16, Command = Smb2Command.Read, Credits = 256, Flags = Smb2Flags.Signed,
            MessageId = 0x1122334455667788, TreeId = 7, SessionId = 0xAABBCCDDEEFF0011,
        };
        var buffer = new byte[64];
        header.Write(buffer);
        Assert.That(buffer[..4], Is.EqualTo(new byte[] { 0xFE, (byte)'S', (byte)'M', (byte)'B' }));
        var read = Smb2Header.Read(buffer);
        Assert.That(read.MessageId, Is.EqualTo(header.MessageId));
        Assert.That(read.SessionId, Is.EqualTo(header.SessionId));
        Assert.That(read.TreeId, Is.EqualTo(7u));
        Assert.That(read.CreditCharge, Is.EqualTo(16));
        Assert.That(read.Command, Is.EqualTo(Smb2Command.Read));
        Assert.That(read.IsSigned, Is.True);
    }

    [Test]
    public void Read_AsyncHeader_TakesAsyncIdInsteadOfTreeId()
    {
        var buffer = new byte[64];
        new Smb2Header { Flags = Smb2Flags.AsyncCommand | Smb2Flags.ServerToRedir, AsyncId = 42, Status = NtStatus.STATUS_PENDING }.Write(buffer);
        var read = Smb2Header.Read(buffer);
        Assert.That(read.IsAsync && read.IsResponse, Is.True);
        Assert.That(read.AsyncId, Is.EqualTo(42ul));
        Assert.That(read.Status, Is.EqualTo(NtStatus.STATUS_PENDING));
    }

    [TestCase(0)]
    [TestCase(63)]
    public void Read_TooShort_ThrowsProtocolError(int length) =>
        Assert.Throws<SmbProtocolException>(() => Smb2Header.Read(new byte[length]));

    [Test]
    public void Read_WrongProtocolIdOrStructureSize_ThrowsProtocolError()
    {
        var buffer = new byte[64];
        new Smb2Header().Write(buffer);
        buffer[0] = 0xFF;
        Assert.Throws<SmbProtocolException>(() => Smb2Header.Read(buffer));
        new Smb2Header().Write(buffer);
        buffer[4] = 65;
        Assert.Throws<SmbProtocolException>(() => Smb2Header.Read(buffer));
    }
}
