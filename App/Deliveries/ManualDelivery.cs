using System.Text.Json.Nodes;
using Dashboard.Data;
using Dashboard.Dispatch;
using Dashboard.Events;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Deliveries;

/// <summary>What a manual send produced: the delivery it belongs to and the one try's outcome.</summary>
public sealed record ManualSendResult(Guid DeliveryId, SendOutcome Outcome);

/// <summary>
/// Sends outside the schedule, at an admin's request: a test-fire to one webhook, or a resend of one delivery.
/// Each is exactly one try through the real sender (signed, guarded, timeout), recorded, never retried.
/// </summary>
public sealed class ManualDelivery(IDbContextFactory<AppDbContext> dbFactory, IWebhookSender sender, DeliveryFeed feed, TimeProvider time)
{
    /// <summary>Sends <paramref name="payload"/> to this webhook only; null when the webhook is not in this account.</summary>
    public async Task<ManualSendResult?> TestFireAsync(int accountId, int webhookId, JsonObject payload, CancellationToken ct = default)
    {
        var eventName = EventPublisher.EventName(payload) ?? throw new ArgumentException("The payload needs an \"event\" key naming a known event.", nameof(payload));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.AccountId == accountId && w.Id == webhookId, ct);
        if (webhook is null) return null;

        var now = time.GetUtcNow();
        var chatEvent = new ChatEvent { Id = Guid.CreateVersion7(now), AccountId = accountId, Name = eventName, Payload = payload.ToJsonString(), CreatedAt = now.UtcDateTime, DeliveryCount = 1 };
        var delivery = new Delivery { Id = Guid.CreateVersion7(now), AccountId = accountId, EventId = chatEvent.Id, WebhookId = webhookId, EventName = eventName, CreatedAt = now.UtcDateTime };

        // Sent before anything is written: the rows appear already ended, so the dispatcher never sees a test.
        var outcome = await sender.SendAsync(Request(webhook, delivery.Id, chatEvent.Payload), ct);
        delivery.Status = outcome.Succeeded ? DeliveryStatus.Succeeded : DeliveryStatus.Failed;
        Apply(delivery, outcome);
        db.Events.Add(chatEvent);
        db.Deliveries.Add(delivery);
        db.Attempts.Add(ToAttempt(delivery, webhook.Url, 1, AttemptTrigger.Test, outcome));
        await db.SaveChangesAsync(CancellationToken.None);
        feed.Publish([new AttemptRecorded(accountId, webhookId, delivery.Id)]);
        return new ManualSendResult(delivery.Id, outcome);
    }

    /// <summary>One immediate try of an existing delivery; its schedule stays as it was. Null when not in this account.</summary>
    public async Task<ManualSendResult?> ResendAsync(int accountId, Guid deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.AccountId == accountId && d.Id == deliveryId, ct);
        if (delivery is null) return null;
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.AccountId == accountId && w.Id == delivery.WebhookId, ct);
        var payload = await db.Events.AsNoTracking().Where(e => e.AccountId == accountId && e.Id == delivery.EventId).Select(e => e.Payload).FirstOrDefaultAsync(ct);
        if (webhook is null || payload is null) return null;

        var outcome = await sender.SendAsync(Request(webhook, delivery.Id, payload), ct);

        // The dispatcher may write the same row meanwhile (a pending delivery): count up in SQL, in one write transaction.
        var succeeded = outcome.Succeeded;
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var updated = await db.Deliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Attempts, d => d.Attempts + 1)
            // A failed or cancelled delivery that now got through is done; pending ones stay with the dispatcher's schedule.
            .SetProperty(d => d.Status, d => succeeded && (d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Cancelled) ? DeliveryStatus.Succeeded : d.Status)
            .SetProperty(d => d.LastStatusCode, outcome.ResponseStatus)
            .SetProperty(d => d.LastDurationMs, outcome.DurationMs)
            .SetProperty(d => d.LastAttemptAt, outcome.StartedAt)
            .SetProperty(d => d.LastError, outcome.LastError), CancellationToken.None);
        if (updated == 0) return new ManualSendResult(delivery.Id, outcome); // purged or deleted while sending: nothing to record on
        var number = await db.Deliveries.Where(d => d.Id == deliveryId).Select(d => d.Attempts).SingleAsync(CancellationToken.None);
        db.Attempts.Add(ToAttempt(delivery, webhook.Url, number, AttemptTrigger.Resend, outcome));
        await db.SaveChangesAsync(CancellationToken.None);
        if (succeeded)
            await db.Webhooks.Where(w => w.Id == webhook.Id && w.FailingSince != null)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.FailingSince, (DateTime?)null), CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        feed.Publish([new AttemptRecorded(accountId, webhook.Id, delivery.Id)]);
        return new ManualSendResult(delivery.Id, outcome);
    }

    private OutgoingRequest Request(Webhook webhook, Guid deliveryId, string payload)
    {
        var previous = WebhookSecret.PreviousStillSigning(webhook.PreviousSecret, webhook.PreviousSecretExpiresAt, time.GetUtcNow().UtcDateTime);
        return new OutgoingRequest(deliveryId, webhook.Url, payload, webhook.Secret, previous);
    }

    private static void Apply(Delivery delivery, SendOutcome outcome)
    {
        delivery.Attempts = Math.Max(delivery.Attempts, 1);
        delivery.LastStatusCode = outcome.ResponseStatus;
        delivery.LastDurationMs = outcome.DurationMs;
        delivery.LastAttemptAt = outcome.StartedAt;
        delivery.LastError = outcome.LastError;
    }

    private static Attempt ToAttempt(Delivery delivery, string url, int number, AttemptTrigger trigger, SendOutcome o) => new()
    {
        DeliveryId = delivery.Id,
        AccountId = delivery.AccountId,
        WebhookId = delivery.WebhookId,
        Number = number,
        Trigger = trigger,
        StartedAt = o.StartedAt,
        DurationMs = o.DurationMs,
        Url = url,
        RequestHeaders = o.RequestHeaders,
        ResponseStatus = o.ResponseStatus,
        ResponseHeaders = o.ResponseHeaders,
        ResponseBody = o.ResponseBody,
        ResponseBodyBinary = o.ResponseBodyBinary,
        ResponseBodyTruncated = o.ResponseBodyTruncated,
        Error = o.Error,
        ErrorMessage = o.ErrorMessage,
        Succeeded = o.Succeeded,
    };
}
