using Dashboard.Deliveries;

namespace Dashboard.Dispatch;

/// <summary>Something the dispatcher or a manual send hands to the <see cref="AttemptWriter"/> about a delivery.</summary>
public abstract record WriteItem(ClaimedDelivery Delivery);

/// <summary>
/// One try was made: record the attempt and move the delivery (and its webhook's health) on. Every trigger records
/// through this one item, so a 410 or a failure counts the same whether the schedule, a resend or a test made it.
/// </summary>
/// <param name="TestEvent">For a test-fire: the event its delivery belongs to, written with the attempt (nothing of it exists before).</param>
public sealed record AttemptItem(ClaimedDelivery Delivery, SendOutcome Outcome, RetryDecision Decision, DateTime Now,
    AttemptTrigger Trigger = AttemptTrigger.Scheduled, TestEvent? TestEvent = null)
    : WriteItem(Delivery);

/// <summary>The event a test-fire invents, stored with its one delivery and attempt.</summary>
public sealed record TestEvent(Guid Id, string Name, string Payload, DateTime CreatedAt);

/// <summary>The webhook is gone or disabled: the delivery ends as cancelled, nothing was sent.</summary>
public sealed record CancelItem(ClaimedDelivery Delivery) : WriteItem(Delivery);

/// <summary>Not sent (shutting down): give the lease back so the work is taken again at once.</summary>
public sealed record ReleaseItem(ClaimedDelivery Delivery) : WriteItem(Delivery);
