namespace Dashboard.Telemetry;

/// <summary>
/// A background loop's sign of life, for the readiness check: the loop says when it starts a step (which must end soon),
/// when it goes to sleep for a known time, or that it waits for work with no deadline. A loop is stalled when it has been
/// late for longer than the check allows: a step that never ends, or a sleep nobody wakes from. Two volatile writes per
/// step, so even the writer thread can afford it.
/// </summary>
public sealed class LoopHeartbeat(TimeProvider? time = null)
{
    private const long Never = long.MaxValue;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _dueBy = Never; // timestamp by which the loop must report again
    private long _since;          // when the current step or sleep began
    private int _state = (int)LoopState.NotStarted;

    /// <summary>A step began: it should end (and report again) promptly.</summary>
    public void Working() => Set(LoopState.Working, TimeSpan.Zero);

    /// <summary>Sleeping for <paramref name="wait"/> at most; the loop must be back by then.</summary>
    public void Sleeping(TimeSpan wait) => Set(LoopState.Sleeping, wait);

    /// <summary>Waiting for work with no deadline (nothing queued): never late.</summary>
    public void Idle() => Set(LoopState.Idle, null);

    /// <summary>The loop ended (stopped on purpose or crashed: the check tells by its task).</summary>
    public void Stopped() => Set(LoopState.Stopped, null);

    /// <summary>What the loop is doing, for how long, and by how much it is late (zero when on time).</summary>
    public LoopReading Read()
    {
        var now = _time.GetTimestamp();
        var state = (LoopState)Volatile.Read(ref _state);
        var since = Volatile.Read(ref _since);
        var due = Volatile.Read(ref _dueBy);
        var late = due == Never || now <= due ? TimeSpan.Zero : _time.GetElapsedTime(due, now);
        return new LoopReading(state, state == LoopState.NotStarted ? TimeSpan.Zero : _time.GetElapsedTime(since, now), late);
    }

    private void Set(LoopState state, TimeSpan? deadline)
    {
        var now = _time.GetTimestamp();
        Volatile.Write(ref _since, now);
        Volatile.Write(ref _dueBy, deadline is { } d ? now + (long)(d.TotalSeconds * _time.TimestampFrequency) : Never);
        Volatile.Write(ref _state, (int)state);
    }
}

public enum LoopState { NotStarted, Working, Sleeping, Idle, Stopped }

/// <param name="For">How long the loop has been in <paramref name="State"/>.</param>
/// <param name="Late">How far past its deadline the loop is (zero when on time or without one).</param>
public readonly record struct LoopReading(LoopState State, TimeSpan For, TimeSpan Late)
{
    /// <summary>Late by more than <paramref name="allowed"/>.</summary>
    public bool StalledBeyond(TimeSpan allowed) => Late > allowed;

    public override string ToString() => State switch
    {
        LoopState.Working => $"working for {For.TotalSeconds:0.#} s",
        LoopState.Sleeping => $"sleeping for {For.TotalSeconds:0.#} s",
        LoopState.Idle => "waiting for work",
        LoopState.Stopped => "stopped",
        _ => "not started",
    } + (State == LoopState.Sleeping && Late >= TimeSpan.FromSeconds(0.1) ? $", {Late.TotalSeconds:0.#} s late" : "");
}
