namespace Dashboard.Dispatch;

/// <summary>Something the dispatcher hands to the <see cref="AttemptWriter"/> about a claimed delivery.</summary>
public abstract record WriteItem(ClaimedDelivery Delivery, string Owner);

/// <summary>One try was made: record the attempt and move the delivery (and its webhook's health) on.</summary>
public sealed record AttemptItem(ClaimedDelivery Delivery, string Owner, SendOutcome Outcome, RetryDecision Decision, DateTime Now)
    : WriteItem(Delivery, Owner);

/// <summary>The webhook is gone or disabled: the delivery ends as cancelled, nothing was sent.</summary>
public sealed record CancelItem(ClaimedDelivery Delivery, string Owner) : WriteItem(Delivery, Owner);

/// <summary>Not sent (shutting down): give the lease back so the work is taken again at once.</summary>
public sealed record ReleaseItem(ClaimedDelivery Delivery, string Owner) : WriteItem(Delivery, Owner);
