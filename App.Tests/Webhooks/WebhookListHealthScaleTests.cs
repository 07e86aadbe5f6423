using Dashboard.Tests.Deliveries;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Webhooks;

/// <summary>The list's health over 100k deliveries: index seeks per webhook, never a scan of the deliveries, on both providers.</summary>
[Collection(LargeLogCollection.Name)]
public sealed class WebhookListHealthScaleTests(LargeLogFixture data)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_health_of_every_row_is_read_through_indexes_in_one_statement()
    {
        await using var db = data.Db.CreateDbContext();
        await using var command = WebhookListHealthQuery.Command(db, data.Account, LargeLogFixture.Start);
        var sqlite = !TestProvider.IsPostgreSql;
        command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
        await db.Database.OpenConnectionAsync(Ct);
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
            while (await reader.ReadAsync(Ct)) lines.Add(reader.GetString(sqlite ? 3 : 0));
        var plan = string.Join("\n", lines);
        TestContext.Current.TestOutputHelper?.WriteLine(plan);

        if (sqlite)
        {
            // x: the newest delivery per status, d: that delivery, s: the hourly counts. Only the few CTE rows are sorted.
            Assert.DoesNotMatch(@"SCAN (x|d|s|Deliveries|WebhookHourlyStats)\b", plan);
            Assert.Matches(@"SEARCH x USING (COVERING )?INDEX IX_Deliveries_WebhookId_Status_Id \(WebhookId=\? AND Status=\?\)", plan);
            Assert.Matches(@"SEARCH d USING INDEX sqlite_autoindex_Deliveries_1 \(Id=\?\)|SEARCH d USING PRIMARY KEY", plan);
            Assert.Matches(@"SEARCH s USING (INDEX|PRIMARY KEY) .*\(WebhookId=\? AND HourStart>\?\)", plan);
        }
        else
        {
            // (The hourly counts are empty here, so PostgreSQL rightly reads that table whole; SQLite's plan above shows the key range.)
            Assert.DoesNotContain("Seq Scan on deliveries", plan);
            Assert.Matches(@"Index (Only )?Scan (Backward )?using ""?IX_deliveries_webhookid_status_id", plan);
        }
    }

    [Fact]
    public async Task It_answers_quickly_however_many_deliveries_a_webhook_has()
    {
        var query = new WebhookListHealthQuery(data.Db, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(LargeLogFixture.Start.AddDays(1))));
        await query.ForAccountAsync(data.Account, Ct); // warm up the connection pool

        var (health, ms) = await Timed.FastestOfAsync(3, () => query.ForAccountAsync(data.Account, Ct));

        Assert.Equal(2, health.Count);
        Assert.Equal(data.Rows.Where(r => r.WebhookId == data.Hook).Max(r => r.CreatedAt), health[data.Hook].Last!.CreatedAt);
        Assert.True(ms < 100, $"the list's health took {ms} ms");
    }
}
