using SmbDrive.Smb.Connection;

namespace SmbDrive.Smb.Tests.Connection;

public class CreditManagerTests
{
    [Test]
    public async Task Acquire_ChargeOfN_TakesConsecutiveMessageIds()
    {
        var credits = new CreditManager(1);
        Assert.That(await credits.AcquireAsync(1, default), Is.EqualTo(0ul));
        credits.Grant(100, 1);
        Assert.That(await credits.AcquireAsync(16, default), Is.EqualTo(1ul));
        Assert.That(await credits.AcquireAsync(1, default), Is.EqualTo(17ul));
        Assert.That(credits.Available, Is.EqualTo(100 - 17));
    }

    [Test]
    public async Task Acquire_NotEnough_WaitsInOrderUntilGranted()
    {
        var credits = new CreditManager(2);
        var big = credits.AcquireAsync(4, default).AsTask();
        var small = credits.AcquireAsync(1, default).AsTask();
        Assert.That(big.IsCompleted || small.IsCompleted, Is.False, "FIFO: the small request may not overtake the big one");
        credits.Grant(2, 0);
        Assert.That(await big, Is.EqualTo(0ul));
        credits.Grant(1, 0);
        Assert.That(await small, Is.EqualTo(4ul));
    }

    [Test]
    public void Acquire_Cancelled_CompletesCanceledAndDoesNotBlockOthers()
    {
        var credits = new CreditManager(0);
        using var cts = new CancellationTokenSource();
        var first = credits.AcquireAsync(1, cts.Token).AsTask();
        var second = credits.AcquireAsync(1, default).AsTask();
        cts.Cancel();
        Assert.That(async () => await first, Throws.InstanceOf<OperationCanceledException>());
        credits.Grant(1, 0);
        Assert.That(second.Wait(1000), Is.True);
    }

    [Test]
    public void Fail_WakesEveryWaiterWithTheFailure()
    {
        var credits = new CreditManager(0);
        var waiter = credits.AcquireAsync(1, default).AsTask();
        credits.Fail(new SmbConnectionException("gone"));
        Assert.That(async () => await waiter, Throws.TypeOf<SmbConnectionException>());
        Assert.That(async () => await credits.AcquireAsync(1, default), Throws.TypeOf<SmbConnectionException>());
    }

    [Test]
    public void CreditRequest_AsksToKeepTargetGranted()
    {
        var credits = new CreditManager(10);
        Assert.That(credits.CreditRequest(1, 512), Is.EqualTo(1 + 502));
        var full = new CreditManager(600);
        Assert.That(full.CreditRequest(16, 512), Is.EqualTo(16));
    }
}
