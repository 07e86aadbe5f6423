using System.Collections.Concurrent;
using Dashboard.Deliveries;
using Dashboard.Telemetry;
using Microsoft.Extensions.Options;

namespace Dashboard.Dispatch;

/// <summary>
/// Claims due deliveries with a lease, sends each through <see cref="IWebhookSender"/> within a per-webhook and a global
/// cap, and hands the results to the <see cref="AttemptWriter"/>. The signal only wakes it early: it also sweeps at
/// start-up and on a timer, so work committed before a crash, or leased by a dead process, is never stranded.
/// </summary>
public sealed class Dispatcher(
    DeliveryClaims claims, AttemptWriter writer, IWebhookSender sender, RetryPolicy policy, DispatchSignal signal,
    DispatchHandOff handOff, TimeProvider time, IOptions<DispatchOptions> options, ILogger<Dispatcher> logger) : BackgroundService
{
    private readonly DispatchOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, int> _busy = [];
    private int _busyTotal;
    private bool _accepting;
    private ClaimSlots? _claimSlots;
    private readonly ConcurrentDictionary<Guid, Task> _inFlight = new();
    private readonly CancellationTokenSource _abortSends = new();
    private int _released;

    /// <summary>Who holds a lease: unique per process start, so a restarted process never mistakes old leases for its own.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private long _leases;

    /// <summary>A lease token for one claim or hand-off: the owner and a sequence number, so even this process's own later claim of a row is a different lease.</summary>
    internal string NewLease() => $"{Owner}/{Interlocked.Increment(ref _leases)}";

    internal int PerWebhookCap => _options.PerWebhookConcurrency;

    /// <summary>The claim loop's sign of life: claiming (which must end soon) or asleep until a known time.</summary>
    public LoopHeartbeat Heartbeat { get; } = new();

    /// <summary>Sends started and not yet finished.</summary>
    public int InFlight => _inFlight.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        await Task.Yield();
        writer.Start();
        lock (_gate) _accepting = true;
        handOff.Attach(this);
        Log.Started(logger, Owner);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                Heartbeat.Working();
                try { wait = await ClaimAndStartAsync(); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ClaimFailed(logger, e);
                    wait = _options.SweepInterval;
                }
                if (wait <= TimeSpan.Zero) continue;
                Heartbeat.Sleeping(wait);
                await signal.WaitAsync(wait, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        Heartbeat.Stopped();
        await DrainAsync();
    }

    /// <summary>Claims what fits the free slots and starts sending it; returns how long to sleep before looking again.</summary>
    private async Task<TimeSpan> ClaimAndStartAsync()
    {
        int free;
        lock (_gate) free = _options.GlobalConcurrency - _busyTotal;
        // Full: each finishing send raises the signal, which brings us back here.
        if (free <= 0) return _options.SweepInterval;

        var now = time.GetUtcNow().UtcDateTime;
        // Not cancelled by a stop: a claim cut off after its UPDATE would hold leases nobody sends or releases.
        // The claim reads and takes the slots itself, on the writer thread where hand-offs take theirs (ClaimSlots).
        var claimed = await claims.ClaimAsync(NewLease(), now, now + _options.EffectiveLease, _options.PerWebhookConcurrency, _claimSlots ??= new ClaimSlots(this));
        foreach (var delivery in claimed) Start(delivery);
        if (claimed.Count >= free) return TimeSpan.Zero; // there may be more
        // Sends just started: each one finishing wakes us, and the look-ahead below can wait until then.
        if (claimed.Count > 0) return _options.SweepInterval;

        var next = await claims.NextDueAsync();
        // Due but not claimed means its webhook is at its cap: a finishing send will wake us.
        return next is { } due && due > now && due - now < _options.SweepInterval ? due - now : _options.SweepInterval;
    }

    /// <summary>
    /// A slot for a fresh delivery the publisher is about to insert already leased to this dispatcher (see
    /// <see cref="DispatchHandOff"/>): only while running, and only within the same caps a claim keeps to.
    /// </summary>
    internal DispatchHandOff.Taken? TryTake(int webhookId)
    {
        lock (_gate)
        {
            if (!_accepting || _busyTotal >= _options.GlobalConcurrency || _busy.GetValueOrDefault(webhookId) >= _options.PerWebhookConcurrency)
                return null;
            TakeSlot(webhookId);
        }
        // The same lease a claim gives.
        return new DispatchHandOff.Taken(this, webhookId, time.GetUtcNow().UtcDateTime + _options.EffectiveLease);
    }

    /// <summary>Gives back a slot whose delivery was never started (its insert was rolled back).</summary>
    internal void FreeSlot(int webhookId)
    {
        lock (_gate)
        {
            _busyTotal--;
            if (--_busy[webhookId] == 0) _busy.Remove(webhookId);
        }
        signal.Notify();
    }

    /// <summary>
    /// Sends a delivery whose lease and slot this dispatcher already holds. Once stopping, it is not sent: its attempt
    /// could not be recorded any more. The lease in its row brings it back to whichever dispatcher claims after it expires.
    /// </summary>
    internal void StartTaken(ClaimedDelivery delivery)
    {
        lock (_gate)
        {
            // Under the gate, as the stop's switch: a send registered here is one the stop waits for.
            if (_accepting)
            {
                Start(delivery);
                return;
            }
        }
        FreeSlot(delivery.WebhookId);
    }

    /// <summary>This dispatcher's slots as the claim reads and takes them.</summary>
    private sealed class ClaimSlots(Dispatcher dispatcher) : DeliveryClaims.IClaimSlots
    {
        public (int Free, IReadOnlyDictionary<int, int> Busy) Read()
        {
            lock (dispatcher._gate)
                return (dispatcher._options.GlobalConcurrency - dispatcher._busyTotal, new Dictionary<int, int>(dispatcher._busy));
        }

        public void Take(int webhookId) => dispatcher.TakeSlot(webhookId);
        public void Give(int webhookId) => dispatcher.FreeSlot(webhookId);
    }

    private void TakeSlot(int webhookId)
    {
        lock (_gate)
        {
            _busyTotal++;
            _busy[webhookId] = _busy.GetValueOrDefault(webhookId) + 1;
        }
    }

    private void Start(ClaimedDelivery delivery)
    {
        // Registered before it runs, so a send that finishes at once cannot leave a stale entry behind.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight[delivery.Id] = done.Task;
        _ = Task.Run(async () =>
        {
            try { await ProcessAsync(delivery); }
            finally
            {
                _inFlight.TryRemove(delivery.Id, out _);
                done.SetResult();
            }
        });
    }

    private async Task ProcessAsync(ClaimedDelivery delivery)
    {
        try
        {
            if (!delivery.WebhookActive)
            {
                writer.Write(new CancelItem(delivery));
                return;
            }
            var outcome = await SendAsync(delivery);
            var now = time.GetUtcNow().UtcDateTime;
            var decision = policy.Decide(delivery.Attempts + 1, outcome, now, Random.Shared);
            if (decision.DisableReason is { } reason) Log.WebhookDisabled(logger, delivery.WebhookId, reason);
            writer.Write(new AttemptItem(delivery, outcome, decision, now));
        }
        catch (OperationCanceledException) when (_abortSends.IsCancellationRequested)
        {
            Interlocked.Increment(ref _released);
            writer.Write(new ReleaseItem(delivery));
        }
        finally
        {
            FreeSlot(delivery.WebhookId);
        }
    }

    /// <summary>The sender never throws for receiver failures; anything else still becomes a recorded attempt, not a stuck lease.</summary>
    private async Task<SendOutcome> SendAsync(ClaimedDelivery delivery)
    {
        try
        {
            return await sender.SendAsync(delivery.ToRequest(), _abortSends.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abortSends.IsCancellationRequested)
        {
            Log.SendCrashed(logger, e, delivery.Id);
            return new SendOutcome(time.GetUtcNow().UtcDateTime, 0, "", null, null, null, false, false, AttemptError.Other,
                $"The request could not be made: {e.Message}", null);
        }
    }

    /// <summary>Graceful stop: nothing new is claimed; sends get a bounded time to finish, the rest give their lease back.</summary>
    private async Task DrainAsync()
    {
        handOff.Detach(this);
        lock (_gate) _accepting = false;
        _abortSends.CancelAfter(_options.ShutdownGrace);
        await Task.WhenAll(_inFlight.Values.ToArray());
        await writer.CompleteAsync();
        Log.Stopped(logger, Owner, _released);
    }

    public override void Dispose()
    {
        _abortSends.Dispose();
        base.Dispose();
    }
}
