using SmbDrive.Smb.Io;

namespace SmbDrive.Smb.Tests.Io;

public class IoBudgetTests
{
    private const int MiB = 1024 * 1024;
    private const long Second = 1_000_000;

    [TestCase(64 * MiB, 512L * 65536, 24 * MiB)] // three quarters of 512 credits of 64 KiB: below the window
    [TestCase(4 * MiB, 512L * 65536, 4 * MiB)]   // the window
    [TestCase(4 * MiB, 16L * 65536, 768 * 1024)] // a server granting few credits
    public void LimitBytes_IsTheWindowBoundedByCredits(int window, long creditBytes, long expected)
    {
        var budget = new IoBudget(new ReadWindow(window, 64 * MiB, Second), _ => creditBytes);

        Assert.That(budget.LimitBytes(MiB), Is.EqualTo(expected));
    }

    [Test]
    public async Task EnterAsync_OverTheLimit_WaitsUntilAnExit()
    {
        var budget = new IoBudget(new ReadWindow(2 * MiB, 2 * MiB, Second), _ => long.MaxValue / 4);
        await budget.EnterAsync(MiB, CancellationToken.None);
        await budget.EnterAsync(MiB, CancellationToken.None);

        var third = budget.EnterAsync(MiB, CancellationToken.None).AsTask();
        Assert.That(third.IsCompleted, Is.False);
        Assert.That(budget.LoadWith(0), Is.EqualTo(1.5), "the waiting READ counts towards the load");

        budget.Exit(MiB);
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(budget.InFlightBytes, Is.EqualTo(2 * MiB));
    }

    [Test]
    public async Task EnterAsync_IdleConnection_LetsOneOversizedReadThrough()
    {
        var budget = new IoBudget(new ReadWindow(MiB, MiB, Second), _ => long.MaxValue / 4);

        await budget.EnterAsync(8 * MiB, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(budget.InFlightBytes, Is.EqualTo(8 * MiB));
    }

    [Test]
    public async Task EnterAsync_CancelledWhileWaiting_ThrowsAndCountsNothing()
    {
        var budget = new IoBudget(new ReadWindow(MiB, MiB, Second), _ => long.MaxValue / 4);
        await budget.EnterAsync(MiB, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = budget.EnterAsync(MiB, cancel.Token).AsTask();

        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        budget.Exit(MiB);
        Assert.That(budget.InFlightBytes, Is.Zero);
        Assert.That(budget.LoadWith(0), Is.Zero);
    }
}
