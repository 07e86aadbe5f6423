using Dashboard.Dispatch;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Dispatch;

/// <summary>
/// A claim must not cost O(backlog): a hanging webhook's queue of 20,000 must not slow (or starve) a healthy webhook's claim.
/// Proven by the query plan (index seeks only, no scan of the deliveries), not by wall time on a shared machine.
/// </summary>
public sealed class ClaimCostTests
{
    private static readonly Dictionary<string, string?> DispatcherOff = new() { ["Dispatch:Enabled"] = "false" };

    [Fact]
    public async Task A_hanging_webhooks_backlog_does_not_hide_a_healthy_webhooks_rows()
    {
        await using var app = new DispatchFactory(settings: DispatcherOff);
        var account = await app.DemoAccountIdAsync();
        var hanging = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/hanging");
        var healthy = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/healthy");
        var now = DateTime.UtcNow;
        var ct = TestContext.Current.CancellationToken;
        // The backlog is older than the healthy rows, so a walk of the due index in order would meet all of it first.
        await AddDueAsync(app, account, hanging.Id, 20_000, now.AddMinutes(-10), ct);
        await AddDueAsync(app, account, healthy.Id, 3, now.AddMinutes(-1), ct);
        var claims = app.Services.GetRequiredService<DeliveryClaims>();

        // The hanging webhook is at its cap: only the healthy webhook's rows come back.
        var claimed = await claims.ClaimAsync("a", now, now.AddSeconds(45), 64, 4, new Dictionary<int, int> { [hanging.Id] = 4 });
        Assert.Equal([healthy.Id, healthy.Id, healthy.Id], claimed.Select(c => c.WebhookId));

        // Below its cap, it gets its free slots from the front of its queue, oldest first.
        var next = await claims.ClaimAsync("a", now, now.AddSeconds(45), 64, 4, new Dictionary<int, int> { [hanging.Id] = 1 });
        await using var db = app.CreateDbContext();
        var ids = next.Select(c => c.Id).ToList();
        var due = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => d.NextAttemptAt).ToListAsync(ct);
        Assert.Equal(3, next.Count(c => c.WebhookId == hanging.Id));
        Assert.Equal(Enumerable.Range(0, 3).Select(i => (DateTime?)now.AddMinutes(-10).AddTicks(i)), due.Order());
    }

    [Fact]
    public async Task The_candidate_query_seeks_the_claim_index_and_never_scans_the_deliveries()
    {
        await using var app = new DispatchFactory(settings: DispatcherOff);
        var account = await app.DemoAccountIdAsync();
        var webhook = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/hook");
        var ct = TestContext.Current.CancellationToken;
        await AddDueAsync(app, account, webhook.Id, 2_000, DateTime.UtcNow.AddMinutes(-1), ct);
        // A few rows in flight, as the cap's count across instances (PostgreSQL) has to find them.
        await app.Services.GetRequiredService<DeliveryClaims>().ClaimAsync("a", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(1), 64, 4, new Dictionary<int, int>());
        var writer = app.Services.GetRequiredService<Dashboard.Data.DatabaseWriter>();
        var plan = await writer.RunAsync(context =>
        {
            // With statistics the planner has the most freedom to pick a scan, if the query allowed one.
            using (var analyze = Dashboard.Data.Sql.Command(context.Connection, "ANALYZE")) Dashboard.Data.Sql.Bind(analyze, context.Transaction).ExecuteNonQuery();
            var sqlite = context.Dialect.Provider == Dashboard.Data.DatabaseProvider.Sqlite;
            var lines = new List<string>();
            // On PostgreSQL the claim is two statements: the webhooks it locks, then their rows.
            foreach (var sql in sqlite ? [SqliteClaimStatements.CandidatesSql] : new[] { PostgreSqlClaimStatements.LockSql, PostgreSqlClaimStatements.CandidatesSql })
            {
                using var command = Dashboard.Data.Sql.Command(context.Connection, (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql, "@now", "@full", "@cap", "@locked");
                Dashboard.Data.Sql.Bind(command, context.Transaction, ("@now", DateTime.UtcNow.Ticks), ("@full", sqlite ? "[]" : Array.Empty<int>()), ("@cap", 4),
                    ("@locked", sqlite ? null : new[] { webhook.Id }));
                using var reader = command.ExecuteReader();
                while (reader.Read()) lines.Add(reader.GetString(sqlite ? 3 : 0));
            }
            return lines;
        });

        if (TestProvider.IsPostgreSql)
        {
            Assert.Contains(plan, p => p.Contains("IX_Deliveries_Claim"));
            Assert.DoesNotContain(plan, p => p.Contains("Seq Scan on deliveries"));
            return;
        }
        Assert.Contains(plan, p => p.Contains("SEARCH Deliveries USING INDEX IX_Deliveries_Claim (WebhookId=? AND NextAttemptAt<?)"));
        Assert.Contains(plan, p => p.Contains("SEARCH d USING INTEGER PRIMARY KEY (rowid=?)"));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN Deliveries") || p.StartsWith("SCAN d"));
    }

    /// <summary>Raw inserts (one event, many deliveries): 20,000 rows through EF Core would take most of the test's time.</summary>
    private static async Task AddDueAsync(DispatchFactory app, int account, int webhookId, int count, DateTime due, CancellationToken ct)
    {
        await using var db = app.CreateDbContext();
        var eventId = Guid.CreateVersion7();
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, DeliveryCount) VALUES ({0}, {1}, 'message_created', '{{}}', {2}, {3})",
            [Dashboard.Data.Sql.IdValue(db, eventId), account, due.Ticks, count], ct);
        // Ids made from the webhook and the row number, each provider spelling its own: upper-case text, or uuid.
        await db.Database.ExecuteSqlRawAsync(TestProvider.IsPostgreSql
            ? """
              INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, CreatedAt)
              SELECT (lpad(to_hex({1}), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, {2}, {3}, {1}, 'message_created', 0, 0, {4} + i, {4}
              FROM generate_series(0, {0} - 1) AS i
              """
            : """
              WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {0})
              INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, CreatedAt)
              SELECT upper(printf('%08x-0000-7000-8000-%012x', {1}, i)), {2}, {3}, {1}, 'message_created', 0, 0, {4} + i, {4} FROM n
              """, [count, webhookId, account, Dashboard.Data.Sql.IdValue(db, eventId), due.Ticks], ct);
    }
}
