using System.Net.Sockets;
using SmbDrive.CommandLine;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.CommandLine;

public class FailureReporterTests
{
    [TestCase(NtStatus.STATUS_LOGON_FAILURE, ExitCodes.Authentication)]
    [TestCase(NtStatus.STATUS_ACCOUNT_DISABLED, ExitCodes.Authentication)]
    [TestCase(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, ExitCodes.Failure)]
    [TestCase(NtStatus.STATUS_BAD_NETWORK_NAME, ExitCodes.Failure)]
    [TestCase(NtStatus.STATUS_ACCESS_DENIED, ExitCodes.Failure)]
    [TestCase(NtStatus.STATUS_CONNECTION_RESET, ExitCodes.Connection)]
    public void Classify_StatusException_MapsToItsClass(NtStatus status, int expected)
    {
        var (code, message) = FailureReporter.Classify(new SmbStatusException(status, @"\\h\s\p"));

        Assert.That(code, Is.EqualTo(expected));
        Assert.That(message, Is.EqualTo($@"\\h\s\p: {status}"));
    }

    [Test]
    public void Classify_OtherFailures_MapToTheirCodes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FailureReporter.Classify(new UsageException("x")).Code, Is.EqualTo(ExitCodes.Usage));
            Assert.That(FailureReporter.Classify(new SmbConnectionException("x")).Code, Is.EqualTo(ExitCodes.Connection));
            Assert.That(FailureReporter.Classify(new SmbProtocolException("x")).Code, Is.EqualTo(ExitCodes.Connection));
            Assert.That(FailureReporter.Classify(new SocketException(111)).Code, Is.EqualTo(ExitCodes.Connection));
            Assert.That(FailureReporter.Classify(new IOException("disk full")).Code, Is.EqualTo(ExitCodes.Failure));
            Assert.That(FailureReporter.Classify(new OperationCanceledException()).Code, Is.EqualTo(ExitCodes.Cancelled));
            Assert.That(FailureReporter.Classify(new InvalidCastException("bug")).Code, Is.EqualTo(ExitCodes.Internal));
        });
    }

    [Test]
    public void Report_MultiLineMessage_IsFlattenedToOneLine()
    {
        var error = new StringWriter();

        FailureReporter.Report(new IOException("first\nsecond"), error, verbose: false);

        Assert.That(error.ToString(), Is.EqualTo("smbdrive: first second" + Environment.NewLine));
    }
}
