using System.Text;
using Dashboard.Telemetry;
using Dashboard.Data;
using Dashboard.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Dispatch;

/// <summary>What a manual send produced: the delivery it belongs to, the one try's outcome, and whether the log has it.</summary>
public sealed record ManualSendResult(Guid DeliveryId, SendOutcome Outcome, bool Recorded = true)
{
    public const string NotRecordedMessage = "It was sent, but the attempt could not be written to the log (the database stayed busy).";
}

/// <summary>
/// Sends outside the schedule, at an admin's request: a test-fire to one webhook, or a resend of one delivery. Each is
/// exactly one try through the real sender (signed, guarded, timeout), never retried, and recorded by the
/// <see cref="AttemptWriter"/> as a scheduled try is: the same attempt row, webhook health, and a 410 disables.
/// </summary>
public sealed class ManualDelivery(IDbContextFactory<AppDbContext> dbFactory, IWebhookSender sender, AttemptWriter writer, TimeProvider time)
{
    /// <summary>Sends <paramref name="payload"/> (an event named <paramref name="eventName"/>) to this webhook only; null when the webhook is not in this account.</summary>
    public async Task<ManualSendResult?> TestFireAsync(int accountId, int webhookId, string eventName, string payload, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await KeysAsync(db, accountId, webhookId, now.UtcDateTime, ct) is not { } keys) return null;

        // Sent before anything is written: the rows appear already ended, so the dispatcher never sees a test.
        // A test's event is born here: its try joins the trace of whatever asked for it, if any.
        var delivery = new ClaimedDelivery(Guid.CreateVersion7(now), accountId, webhookId, Attempts: 0, Encoding.UTF8.GetBytes(payload), keys,
            TraceParent: DashboardTracing.TraceParentOf(null));
        var test = new TestEvent(Guid.CreateVersion7(now), eventName, payload, now.UtcDateTime);
        return await SendOnceAsync(delivery, AttemptTrigger.Test, test, ct);
    }

    /// <summary>One immediate try of an existing delivery; its schedule stays as it was. Null when not in this account.</summary>
    public async Task<ManualSendResult?> ResendAsync(int accountId, Guid deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.DeliveriesOf(accountId).AsNoTracking().Where(d => d.Id == deliveryId)
            .Select(d => new { d.WebhookId, d.Attempts, Event = db.Events.Where(e => e.Id == d.EventId).Select(e => new { e.Payload, e.TraceParent }).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (row?.Event is null) return null;
        if (await KeysAsync(db, accountId, row.WebhookId, time.GetUtcNow().UtcDateTime, ct) is not { } keys) return null;

        // A resend joins the event's trace like every other try of it.
        var delivery = new ClaimedDelivery(deliveryId, accountId, row.WebhookId, row.Attempts, Encoding.UTF8.GetBytes(row.Event.Payload), keys, TraceParent: row.Event.TraceParent);
        return await SendOnceAsync(delivery, AttemptTrigger.Resend, test: null, ct);
    }

    private async Task<ManualSendResult> SendOnceAsync(ClaimedDelivery delivery, AttemptTrigger trigger, TestEvent? test, CancellationToken ct)
    {
        var outcome = await sender.SendAsync(delivery.ToRequest(), ct);
        // Recorded even if the caller gave up meanwhile: the receiver has the request, so the log must have the attempt.
        var recorded = await writer.RecordAsync(new AttemptItem(delivery, outcome, RetryPolicy.Once(outcome), time.GetUtcNow().UtcDateTime, trigger, test));
        return new ManualSendResult(delivery.Id, outcome, recorded);
    }

    /// <summary>The webhook's keys, whatever its status (an admin may test or resend to a disabled webhook); null when not in this account.</summary>
    private static async Task<SigningKeys?> KeysAsync(AppDbContext db, int accountId, int webhookId, DateTime now, CancellationToken ct)
    {
        var w = await db.WebhooksOf(accountId).AsNoTracking().Where(w => w.Id == webhookId)
            .Select(w => new { w.Url, w.Secret, w.PreviousSecret, w.PreviousSecretExpiresAt }).FirstOrDefaultAsync(ct);
        return w is null ? null : SigningKeys.Of(w.Url, w.Secret, w.PreviousSecret, w.PreviousSecretExpiresAt, now);
    }
}
