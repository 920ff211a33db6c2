using System.Diagnostics;
using SmbDrive.CommandLine;

namespace SmbDrive.Cli.Tests.CommandLine;

/// <summary>Windows console events: each one cancels the command; close, logoff and shutdown wait for its cleanup,
/// because Windows ends the process as soon as the handler returns.</summary>
[TestFixture]
public sealed class ConsoleEventsTests
{
    [TestCase(ConsoleEvents.CtrlC)]
    [TestCase(ConsoleEvents.CtrlBreak)]
    public void CtrlCOrBreak_CancelsAndReturnsAtOnce_ASecondOneIsLeftToWindows(int controlType)
    {
        using var cancellation = new CancellationTokenSource();
        using var finished = new ManualResetEventSlim();
        var events = new ConsoleEvents(cancellation, finished);

        var clock = Stopwatch.StartNew();
        bool first = events.Handle(controlType, TimeSpan.FromSeconds(10));
        clock.Stop();
        bool second = events.Handle(controlType, TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True);
            Assert.That(cancellation.IsCancellationRequested, Is.True);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
            Assert.That(second, Is.False, "the second one ends the process at once");
        });
    }

    [TestCase(ConsoleEvents.Close)]
    [TestCase(ConsoleEvents.Logoff)]
    [TestCase(ConsoleEvents.Shutdown)]
    public void CloseLogoffShutdown_CancelsThenWaitsUntilTheCommandHasFinished(int controlType)
    {
        using var cancellation = new CancellationTokenSource();
        using var finished = new ManualResetEventSlim();
        var events = new ConsoleEvents(cancellation, finished);
        bool cleanedUp = false;
        // The command: notices the cancellation, cleans up (unmounts), then reports that it has finished.
        var command = Task.Run(() =>
        {
            cancellation.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10));
            Thread.Sleep(300); // the unmount's work, not a synchronisation
            cleanedUp = true;
            finished.Set();
        });

        bool handled = events.Handle(controlType, TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(handled, Is.True);
            Assert.That(cleanedUp, Is.True, "the handler returned only after the cleanup");
        });
        command.Wait();
    }

    [Test]
    public void Close_CleanupTooSlow_ReturnsAtTheLimit()
    {
        using var cancellation = new CancellationTokenSource();
        using var finished = new ManualResetEventSlim();
        var events = new ConsoleEvents(cancellation, finished);
        var clock = Stopwatch.StartNew();
        Assert.That(events.Handle(ConsoleEvents.Close, TimeSpan.FromMilliseconds(200)), Is.True);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That(ConsoleEvents.CleanupLimit, Is.LessThan(TimeSpan.FromSeconds(5)), "Windows ends the process 5 s after a close");
    }

    [Test]
    public void UnknownEvent_LeftToWindows()
    {
        using var cancellation = new CancellationTokenSource();
        using var finished = new ManualResetEventSlim();
        Assert.That(new ConsoleEvents(cancellation, finished).Handle(3, TimeSpan.Zero), Is.False);
        Assert.That(cancellation.IsCancellationRequested, Is.False);
    }
}
