using System.Collections.Concurrent;

namespace SmbDrive.Vfs.Concurrency;

/// <summary>Runs at most one operation per key at a time; concurrent callers for the same key share its
/// result. Explorer asks for the same folder and the same file from several threads at once, and each of
/// those must not become its own server round trip. The shared operation runs under the owner's lifetime
/// token, not a caller's, so one caller giving up does not fail the others.</summary>
internal sealed class SingleFlight<TKey, TValue> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _running;

    public SingleFlight(IEqualityComparer<TKey>? comparer = null)
    {
        _running = new ConcurrentDictionary<TKey, Lazy<Task<TValue>>>(comparer);
    }

    public Task<TValue> RunAsync(TKey key, Func<TKey, Task<TValue>> operation, CancellationToken cancellationToken)
    {
        var lazy = _running.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => RunAndForgetAsync(k, operation)));
        var task = lazy.Value;
        return task.IsCompleted ? task : task.WaitAsync(cancellationToken);
    }

    private async Task<TValue> RunAndForgetAsync(TKey key, Func<TKey, Task<TValue>> operation)
    {
        try
        {
            // Yield first so that the Lazy is published before the operation can complete synchronously.
            await Task.Yield();
            return await operation(key).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }
}
