using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// Takes due work from the database with a lease, so a crashed dispatcher's work comes back when the lease expires.
/// Raw ADO.NET on the writer thread (<see cref="DatabaseWriter"/>): this runs on every wake-up. Each claim has its own
/// lease token, which the outcome must still find on the row to move the delivery on (<see cref="ClaimedDelivery.Lease"/>).
/// </summary>
public sealed class DeliveryClaims(DatabaseWriter writer)
{
    /// <summary>The process's one writer, shared with the publisher and the attempt writer.</summary>
    public DatabaseWriter Writer { get; } = writer;

    /// <summary>
    /// On PostgreSQL a claim counts a webhook's live leases in the database (its cap across instances): a send's slot is
    /// free here once it finished, but its lease only once its attempt is committed. A claim in between finds the webhook
    /// full, so the commit must wake the dispatcher again.
    /// </summary>
    public bool CapCountsCommittedLeases => Writer.Dialect.Provider == DatabaseProvider.PostgreSql;

    /// <summary>
    /// Leases up to <paramref name="limit"/> due deliveries, at most <paramref name="perWebhook"/> minus <paramref name="busy"/>
    /// per webhook, oldest first: one webhook's backlog cannot take the slots of the others.
    /// </summary>
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string lease, DateTime now, DateTime leaseExpires, int limit,
        int perWebhook, IReadOnlyDictionary<int, int> busy) =>
        ClaimAsync(lease, now, leaseExpires, perWebhook, new FixedSlots(limit, busy));

    /// <summary>
    /// As above, with the free slots read and the claimed ones taken on the writer thread, in the same piece of work as
    /// the claim: the hand-off takes its slots on that thread too, so no slot is given twice between the read and the take.
    /// </summary>
    internal Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string lease, DateTime now, DateTime leaseExpires, int perWebhook, IClaimSlots slots) =>
        Writer.RunAsync(context =>
        {
            var (free, busy) = slots.Read();
            var claimed = free > 0 ? Claim(context, lease, now, leaseExpires, free, perWebhook, busy) : [];
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
    public Task<DateTime?> NextDueAsync() => Writer.RunAsync(context => Statements(context).NextDue(context.Transaction));

    internal static ClaimStatements Statements(DatabaseWriter.WriteContext context) =>
        context.Prepared(c => ClaimStatements.For(c, context.Dialect));

    private static IReadOnlyList<ClaimedDelivery> Claim(DatabaseWriter.WriteContext context, string lease, DateTime now,
        DateTime leaseExpires, int limit, int perWebhook, IReadOnlyDictionary<int, int> busy)
    {
        var statements = Statements(context);
        var tx = context.Transaction;
        var candidates = statements.Candidates(tx, now, perWebhook, busy.Where(b => b.Value >= perWebhook).Select(b => b.Key));

        // Oldest first across webhooks when the global limit cannot take them all; each webhook only up to its free slots.
        var taken = new Dictionary<int, int>(busy);
        var picked = new List<Guid>();
        foreach (var (id, webhook, _) in candidates.OrderBy(c => c.Due))
        {
            if (picked.Count >= limit) break;
            if (taken.GetValueOrDefault(webhook) >= perWebhook) continue;
            taken[webhook] = taken.GetValueOrDefault(webhook) + 1;
            picked.Add(id);
        }
        if (picked.Count == 0) return [];

        var ids = statements.Claim(tx, lease, leaseExpires, now, picked);
        if (ids.Count == 0) return [];

        var details = new List<(Guid Id, int AccountId, int WebhookId, int Attempts, Guid EventId, SigningKeys? Keys)>(ids.Count);
        using (var rows = statements.Details(tx, ids))
            while (rows.Read())
            {
                var active = !rows.IsDBNull(5) && rows.GetInt32(5) == (int)Webhooks.WebhookStatus.Active;
                details.Add((rows.GetGuid(0), rows.GetInt32(1), rows.GetInt32(2), rows.GetInt32(3), rows.GetGuid(4), active ? SigningKeys.Read(rows, 6, now) : null));
            }

        // The UTF-8 bytes as stored, one array per event, shared by all its deliveries (and sent as they are).
        var payloads = statements.Payloads(tx, details.Select(d => d.EventId).Distinct());

        var claimed = new List<ClaimedDelivery>(details.Count);
        foreach (var d in details)
            if (payloads.TryGetValue(d.EventId, out var e))
                claimed.Add(new ClaimedDelivery(d.Id, d.AccountId, d.WebhookId, d.Attempts, e.Payload, d.Keys, lease, e.TraceParent));
        return claimed;
    }
}
