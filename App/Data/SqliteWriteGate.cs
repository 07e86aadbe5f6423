namespace Dashboard.Data;

/// <summary>
/// One writer at a time inside this process, taken before <c>BEGIN IMMEDIATE</c> on the hot paths (publisher, claims,
/// attempt writer). SQLite allows one writer anyway; without the gate the others poll for its lock in SQLite's busy
/// handler (sleeping 1–100 ms while the lock may already be free) and the fastest poller wins: the publisher then
/// outruns the dispatcher and the backlog grows without bound (bench/RESULTS.md). Here they queue and
/// are woken in order the moment it frees. Other processes and cold paths still meet <c>busy_timeout</c>.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async ValueTask<Lease> EnterAsync(CancellationToken ct = default)
    {
        await _semaphore.WaitAsync(ct);
        return new Lease(_semaphore);
    }

    public readonly struct Lease(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
