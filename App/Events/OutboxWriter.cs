using System.Text;
using Dashboard.Data;
using Dashboard.Dispatch;
using Dashboard.Telemetry;


namespace Dashboard.Events;

/// <summary>
/// Writes a publish on the <see cref="DatabaseWriter"/>'s thread: the event and one pending delivery per subscribed active
/// webhook, as raw prepared inserts, committed with whatever else has queued (group commit). Each caller returns only
/// after that commit, so "accepted" means "stored with its deliveries". An idempotency key is looked up in the same
/// transaction, so two requests with one key can never both store an event. (One EF Core transaction per event cost
/// ~4 ms of CPU on the bench machine: bench/where-the-time-goes.md.)
/// Deliveries the dispatcher has a free slot for are handed to it directly (<see cref="IDispatchHandOff"/>); the rest wait
/// for its claim.
/// </summary>
public sealed class OutboxWriter(IDispatchHandOff handOff, DatabaseWriter writer, DashboardMetrics? metrics = null)
{
    /// <param name="utf8">The payload's UTF-8 bytes when the caller has them already (a body received), else encoded once here.</param>
    public async Task<PublishResult> PublishAsync(int accountId, string name, string payload, Guid eventId, DateTime now, string? idempotencyKey = null,
        ReadOnlyMemory<byte>? utf8 = null)
    {
        // The event's span, and the trace context its attempts will join (stored with it).
        using var span = DashboardTracing.StartEvent(name, accountId);
        var trace = DashboardTracing.TraceParentOf(span);
        // Read on the caller's thread: the writer's thread only inserts them (the log's search by conversation, message, contact).
        var chatIds = ChatIds.In(name, payload);
        PublishResult result;
        try
        {
            result = await WriteAsync(accountId, name, payload, eventId, now, idempotencyKey, trace, utf8, chatIds);
        }
        // Another instance stored the same key after our look-up and committed while our insert waited on it: looked up
        // again, it is found and this request is its replay.
        catch (Exception e) when (idempotencyKey is not null && UniqueViolation.Is(e))
        {
            result = await WriteAsync(accountId, name, payload, eventId, now, idempotencyKey, trace, utf8, chatIds);
        }
        if (!result.Replayed) metrics?.EventAccepted(name);
        span?.SetTag("dashboard.event.id", result.EventId.ToString());
        span?.SetTag("dashboard.event.deliveries", result.Deliveries);
        span?.SetTag("dashboard.event.replayed", result.Replayed);
        return result;
    }

    private async Task<PublishResult> WriteAsync(int accountId, string name, string payload, Guid eventId, DateTime now, string? idempotencyKey,
        string? trace, ReadOnlyMemory<byte>? utf8, IReadOnlyList<ChatId> chatIds)
    {
        var (result, handed) = await writer.RunAsync(context =>
        {
            var handed = new List<(IHandOffSlot Taken, ClaimedDelivery Delivery)>();
            var bytes = utf8;
            var statements = context.Prepared(c => new OutboxStatements(c, context.Dialect));
            var rows = context.Prepared(c => new EventRows(c));
            if (idempotencyKey is not null && statements.Earlier(context.Transaction, accountId, idempotencyKey) is { } earlier)
            {
                if (earlier.CreatedAt > now - EventPublisher.IdempotencyWindow) return (new PublishResult(earlier.Id, earlier.DeliveryCount, Replayed: true), handed);
                statements.ReleaseKey(context.Transaction, earlier.Id); // its window has passed: the key is free for this event
            }
            // Subscriptions cannot change inside the transaction: one look-up per event name serves the whole group.
            var webhooks = context.Memo((typeof(OutboxWriter), accountId, name), () => statements.Subscribed(context.Transaction, accountId, name, now));
            // The event, its chat ids and its deliveries (with the hand-off's decision) go as one batch: one round trip on PostgreSQL.
            var batch = new StatementBatch(context.Connection, context.Transaction);
            rows.AddEvent(batch, eventId, accountId, name, payload, now, idempotencyKey, webhooks.Count, trace);
            context.Prepared(c => new ChatIdRows(c)).Add(batch, accountId, eventId, chatIds);
            var offered = new List<(IHandOffSlot Slot, DeliveryRow Row, Subscriber Webhook)>();
            foreach (var webhook in webhooks)
            {
                // Time-ordered ids keep the log's keyset paging and the primary-key index append-only.
                var row = new DeliveryRow(Guid.CreateVersion7(now), accountId, eventId, webhook.Id, name, now, Next: now);
                if (handOff.Offer(context, batch, row) is { } slot) offered.Add((slot, row, webhook));
            }
            var changed = batch.Execute();
            foreach (var (slot, row, webhook) in offered)
                // Encoded once per event: every delivery handed off shares the bytes.
                if (slot.Kept(changed)) handed.Add((slot, new ClaimedDelivery(row.Id, accountId, webhook.Id, 0, bytes ??= Encoding.UTF8.GetBytes(payload), webhook.Keys, slot.Lease, trace)));
            return (new PublishResult(eventId, webhooks.Count, Replayed: false), handed);
        });
        foreach (var (taken, delivery) in handed) taken.Start(delivery);
        if (result is { Replayed: false } && result.Deliveries > handed.Count) handOff.Wake();
        return result;
    }
}
