using System.Net.Sockets;
using SmbDrive.Smb;
using SmbDrive.Vfs.Errors;
using SmbDrive.Vfs.Tests.Fakes;

namespace SmbDrive.Vfs.Tests;

public class VfsErrorMapperTests
{
    private static IEnumerable<NtStatus> SharedCodes() =>
        Enum.GetValues<NtStatus>().Where(s => Enum.IsDefined((VfsStatus)(uint)s));

    [TestCaseSource(nameof(SharedCodes))]
    public void FromNtStatus_CodeTheDriveKnows_KeepsItsValue(NtStatus status)
    {
        Assert.That((uint)VfsErrorMapper.FromNtStatus(status), Is.EqualTo((uint)status));
    }

    [TestCase(NtStatus.STATUS_NOT_FOUND, VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND)]
    [TestCase(NtStatus.STATUS_OBJECT_PATH_SYNTAX_BAD, VfsStatus.STATUS_OBJECT_NAME_INVALID)]
    [TestCase(NtStatus.STATUS_NETWORK_ACCESS_DENIED, VfsStatus.STATUS_ACCESS_DENIED)]
    [TestCase(NtStatus.STATUS_WRONG_PASSWORD, VfsStatus.STATUS_LOGON_FAILURE)]
    [TestCase(NtStatus.STATUS_ACCOUNT_LOCKED_OUT, VfsStatus.STATUS_LOGON_FAILURE)]
    [TestCase(NtStatus.STATUS_HOST_UNREACHABLE, VfsStatus.STATUS_NETWORK_UNREACHABLE)]
    [TestCase(NtStatus.STATUS_CONNECTION_RESET, VfsStatus.STATUS_CONNECTION_DISCONNECTED)]
    [TestCase(NtStatus.STATUS_USER_SESSION_DELETED, VfsStatus.STATUS_CONNECTION_DISCONNECTED)]
    [TestCase(NtStatus.STATUS_TOO_MANY_OPENED_FILES, VfsStatus.STATUS_INSUFFICIENT_RESOURCES)]
    [TestCase(NtStatus.STATUS_INVALID_INFO_CLASS, VfsStatus.STATUS_UNSUCCESSFUL)]
    [TestCase((NtStatus)0xC0009999, VfsStatus.STATUS_UNSUCCESSFUL)]
    public void FromNtStatus_CodeTheDriveLacks_FoldsToNearest(NtStatus status, VfsStatus expected)
    {
        Assert.That(VfsErrorMapper.FromNtStatus(status), Is.EqualTo(expected));
    }

    [Test]
    public void TryMap_ClientAndRuntimeFailures_GiveTheirStatus()
    {
        var cases = new (Exception Exception, VfsStatus Status)[]
        {
            (new SmbStatusException(NtStatus.STATUS_ACCESS_DENIED, @"\\h\s\f"), VfsStatus.STATUS_ACCESS_DENIED),
            (new SmbConnectionException("reset"), VfsStatus.STATUS_CONNECTION_DISCONNECTED),
            (new IOException("broken pipe"), VfsStatus.STATUS_CONNECTION_DISCONNECTED),
            (new SocketException((int)SocketError.ConnectionReset), VfsStatus.STATUS_CONNECTION_DISCONNECTED),
            (new SmbProtocolException("bad signature"), VfsStatus.STATUS_UNSUCCESSFUL),
            (new OperationCanceledException(), VfsStatus.STATUS_CANCELLED),
            (new TimeoutException(), VfsStatus.STATUS_IO_TIMEOUT),
            (new VfsStatusException(VfsStatus.STATUS_FILE_INVALID, "replaced"), VfsStatus.STATUS_FILE_INVALID),
        };
        foreach (var (exception, status) in cases)
        {
            Assert.That(VfsErrorMapper.TryMap(exception, out var mapped), Is.True, exception.GetType().Name);
            Assert.That(mapped, Is.EqualTo(status), exception.GetType().Name);
        }
    }

    [Test]
    public void TryMap_Bug_IsNotMapped()
    {
        Assert.That(VfsErrorMapper.TryMap(new NullReferenceException(), out _), Is.False);
        Assert.That(VfsErrorMapper.TryMap(new ArgumentOutOfRangeException("x"), out _), Is.False);
    }

    [Test]
    public void IsConnectionLoss_DistinguishesLostConnectionsFromAnswers()
    {
        Assert.That(VfsErrorMapper.IsConnectionLoss(new SmbConnectionException("reset"), null), Is.True);
        Assert.That(VfsErrorMapper.IsConnectionLoss(new SmbStatusException(NtStatus.STATUS_NETWORK_NAME_DELETED, "t"), null), Is.True);
        Assert.That(VfsErrorMapper.IsConnectionLoss(new SmbStatusException(NtStatus.STATUS_USER_SESSION_DELETED, "t"), null), Is.True);
        Assert.That(VfsErrorMapper.IsConnectionLoss(new SmbStatusException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "t"), null), Is.False);
        Assert.That(VfsErrorMapper.IsConnectionLoss(new SmbStatusException(NtStatus.STATUS_ACCESS_DENIED, "t"), null), Is.False);
        Assert.That(VfsErrorMapper.IsConnectionLoss(new OperationCanceledException(), null), Is.False);
        Assert.That(VfsErrorMapper.IsConnectionLoss(new InvalidOperationException(), null), Is.False);
    }

    [TestCase(NtStatus.STATUS_FILE_LOCK_CONFLICT)]
    [TestCase(NtStatus.STATUS_LOCK_NOT_GRANTED)]
    public async Task LockConflict_KeepsItsStatus_AndIsNeverAConnectionLoss_EvenOnABrokenShare(NtStatus status)
    {
        var server = new FakeSmbServer();
        var share = await server.ConnectAsync(CancellationToken.None);
        server.DropConnections();
        Assert.That(share.IsBroken, Is.True, "the share must be broken for this test to mean anything");
        var refused = new SmbStatusException(status, @"\\h\s\f");
        Assert.That(VfsErrorMapper.IsConnectionLoss(refused, share), Is.False);
        Assert.That(VfsErrorMapper.TryMap(refused, out var mapped), Is.True);
        Assert.That((uint)mapped, Is.EqualTo((uint)status));
    }
}
