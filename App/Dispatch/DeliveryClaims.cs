using System.Text.Json;
using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// Takes due work from the database with a lease, so a crashed dispatcher's work comes back when the lease expires.
/// Raw ADO.NET on the writer thread (<see cref="SqliteWriter"/>): this runs on every wake-up.
/// </summary>
public sealed class DeliveryClaims(SqliteWriter writer)
{
    /// <summary>The process's one writer, shared with the publisher and the attempt writer.</summary>
    public SqliteWriter Writer { get; } = writer;

    /// <summary>
    /// Leases up to <paramref name="limit"/> due deliveries, at most <paramref name="perWebhook"/> minus <paramref name="busy"/>
    /// per webhook, oldest first: one webhook's backlog cannot take the slots of the others.
    /// </summary>
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string owner, DateTime now, DateTime leaseExpires, int limit,
        int perWebhook, IReadOnlyDictionary<int, int> busy) =>
        ClaimAsync(owner, now, leaseExpires, perWebhook, new FixedSlots(limit, busy));

    /// <summary>
    /// As above, with the free slots read and the claimed ones taken on the writer thread, in the same piece of work as
    /// the claim: the hand-off takes its slots on that thread too, so no slot is given twice between the read and the take.
    /// </summary>
    internal Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string owner, DateTime now, DateTime leaseExpires, int perWebhook, IClaimSlots slots) =>
        Writer.RunAsync(context =>
        {
            var (free, busy) = slots.Read();
            var claimed = free > 0 ? Claim(context, owner, now, leaseExpires, free, perWebhook, busy) : [];
            foreach (var delivery in claimed)
            {
                slots.Take(delivery.WebhookId);
                // Rolled back, the leases are gone: the slots go back (a rerun of this piece reads and takes anew).
                context.OnRollback(() => slots.Give(delivery.WebhookId));
            }
            return claimed;
        }, delivering: true);

    /// <summary>Slots as the caller counts them: free ones overall, busy ones per webhook.</summary>
    internal interface IClaimSlots
    {
        (int Free, IReadOnlyDictionary<int, int> Busy) Read();
        void Take(int webhookId);
        void Give(int webhookId);
    }

    private sealed class FixedSlots(int free, IReadOnlyDictionary<int, int> busy) : IClaimSlots
    {
        public (int Free, IReadOnlyDictionary<int, int> Busy) Read() => (free, busy);
        public void Take(int webhookId) { }
        public void Give(int webhookId) { }
    }

    /// <summary>When the next pending delivery becomes claimable (due and unleased), or null when none is pending.</summary>
    public Task<DateTime?> NextDueAsync() => Writer.RunAsync(context =>
    {
        var statements = context.Prepared(c => new ClaimStatements(c));
        return Sql.Bind(statements.NextDue, context.Transaction).ExecuteScalar() is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : (DateTime?)null;
    });

    private static IReadOnlyList<ClaimedDelivery> Claim(SqliteWriter.WriteContext context, string owner, DateTime now,
        DateTime leaseExpires, int limit, int perWebhook, IReadOnlyDictionary<int, int> busy)
    {
        var statements = context.Prepared(c => new ClaimStatements(c));
        var candidates = new List<(string Id, int WebhookId, long Due)>();
        var full = JsonSerializer.Serialize(busy.Where(b => b.Value >= perWebhook).Select(b => b.Key));
        using (var reader = Sql.Bind(statements.Candidates, context.Transaction, ("$now", Sql.Ticks(now)), ("$cap", perWebhook), ("$full", full)).ExecuteReader())
            while (reader.Read()) candidates.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));

        // Oldest first across webhooks when the global limit cannot take them all; each webhook only up to its free slots.
        var taken = new Dictionary<int, int>(busy);
        var picked = new List<string>();
        foreach (var (id, webhook, _) in candidates.OrderBy(c => c.Due))
        {
            if (picked.Count >= limit) break;
            if (taken.GetValueOrDefault(webhook) >= perWebhook) continue;
            taken[webhook] = taken.GetValueOrDefault(webhook) + 1;
            picked.Add(id);
        }
        if (picked.Count == 0) return [];

        var ids = new List<string>(picked.Count);
        using (var reader = Sql.Bind(statements.Claim, context.Transaction, ("$owner", owner), ("$expires", Sql.Ticks(leaseExpires)),
                   ("$now", Sql.Ticks(now)), ("$ids", JsonSerializer.Serialize(picked))).ExecuteReader())
            while (reader.Read()) ids.Add(reader.GetString(0));
        if (ids.Count == 0) return [];

        var details = new List<(Guid Id, int AccountId, int WebhookId, int Attempts, string EventId, SigningKeys? Keys)>(ids.Count);
        using (var rows = Sql.Bind(statements.Details, context.Transaction, ("$ids", JsonSerializer.Serialize(ids))).ExecuteReader())
            while (rows.Read())
            {
                var active = !rows.IsDBNull(5) && rows.GetInt32(5) == (int)Webhooks.WebhookStatus.Active;
                details.Add((rows.GetGuid(0), rows.GetInt32(1), rows.GetInt32(2), rows.GetInt32(3), rows.GetString(4), active ? SigningKeys.Read(rows, 6, now) : null));
            }

        // The UTF-8 bytes as stored, one array per event, shared by all its deliveries (and sent as they are).
        var payloads = new Dictionary<string, ReadOnlyMemory<byte>>();
        using (var rows = Sql.Bind(statements.Payloads, context.Transaction, ("$ids", JsonSerializer.Serialize(details.Select(d => d.EventId).Distinct()))).ExecuteReader())
            while (rows.Read()) payloads[rows.GetString(0)] = rows.GetFieldValue<byte[]>(1);

        var claimed = new List<ClaimedDelivery>(details.Count);
        foreach (var d in details)
            if (payloads.TryGetValue(d.EventId, out var payload))
                claimed.Add(new ClaimedDelivery(d.Id, d.AccountId, d.WebhookId, d.Attempts, payload, d.Keys));
        return claimed;
    }
}
