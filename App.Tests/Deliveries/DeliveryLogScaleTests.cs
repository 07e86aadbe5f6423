using System.Diagnostics;
using Dashboard.Deliveries;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Deliveries;

/// <summary>100k deliveries: deep pages are as correct and as quick as the first, and every filter's plan uses an index.</summary>
public sealed class LargeLogFixture : IAsyncLifetime
{
    public const int Count = 100_000;
    public static readonly DateTime Start = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
    public TestDatabase Db { get; private set; } = null!;
    public int Account { get; private set; }
    public int Hook { get; private set; }
    public List<LogData.Row> Rows { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Db = new TestDatabase();
        await using var connection = await Db.OpenAsync();
        Account = await LogData.AddAccountAsync(connection, "Big");
        Hook = await LogData.AddWebhookAsync(connection, Account, "https://big.example/hook");
        var quiet = await LogData.AddWebhookAsync(connection, Account, "https://quiet.example/hook");
        // Failures are rare (1 in 500): a status filter must not scan the table to fill a page.
        Rows = LogData.Generate(Count, Account, [Hook, Hook, Hook, quiet], Start, i => i % 500 == 7 ? DeliveryStatus.Failed : DeliveryStatus.Succeeded);
        await LogData.InsertAsync(connection, Rows, withEvents: false);
        // PostgreSQL: statistics as autovacuum would have gathered them on a table this size, so the planner sees what production sees.
        if (!TestProvider.IsPostgreSql) return;
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await Db.DisposeAsync();
}

/// <summary>100k deliveries: deep pages are as correct and as quick as the first, and every filter's plan uses an index.</summary>
[Collection(LargeLogCollection.Name)]
public sealed class DeliveryLogScaleTests(LargeLogFixture data)
{
    private static readonly DateTime Start = LargeLogFixture.Start;
    private readonly TestDatabase _db = data.Db;
    private readonly DeliveryLogQuery _query = new(data.Db);
    private readonly int _account = data.Account, _hook = data.Hook;
    private readonly List<LogData.Row> _rows = data.Rows;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deep_page_holds_the_right_rows_and_is_as_fast_as_the_first()
    {
        var newestFirst = _rows.Select(r => r.Id).OrderByDescending(LogData.Text, StringComparer.Ordinal).ToList();
        var cursorAt = 90_000;

        await _query.PageAsync(_account, new(), ct: Ct); // warm up the connection pool
        var first = Stopwatch.StartNew();
        await _query.PageAsync(_account, new(), ct: Ct);
        first.Stop();
        var deep = Stopwatch.StartNew();
        var page = await _query.PageAsync(_account, new(), DeliveryLogCursor.OlderThan(newestFirst[cursorAt]), Ct);
        deep.Stop();

        Assert.Equal(newestFirst.Skip(cursorAt + 1).Take(DeliveryLogQuery.PageSize), page.Rows.Select(r => r.Id));
        Assert.True(deep.ElapsedMilliseconds < 200, $"deep page took {deep.ElapsedMilliseconds} ms (first page {first.ElapsedMilliseconds} ms)");
    }

    [Fact]
    public async Task A_rare_status_deep_in_the_log_is_found_quickly()
    {
        var failed = _rows.Where(r => r.Status == DeliveryStatus.Failed).Select(r => r.Id).OrderByDescending(LogData.Text, StringComparer.Ordinal).ToList();
        await _query.PageAsync(_account, new(), ct: Ct);

        var watch = Stopwatch.StartNew();
        var page = await _query.PageAsync(_account, new(Status: DeliveryStatus.Failed), DeliveryLogCursor.OlderThan(failed[120]), Ct);
        watch.Stop();

        Assert.Equal(failed.Skip(121).Take(DeliveryLogQuery.PageSize), page.Rows.Select(r => r.Id));
        Assert.True(watch.ElapsedMilliseconds < 200, $"failed-only page took {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("status")]
    [InlineData("webhook")]
    [InlineData("webhook+status")]
    [InlineData("event")]
    [InlineData("range")]
    [InlineData("search")]
    public async Task Every_filter_reads_through_an_index_without_sorting(string filterName)
    {
        DeliveryLogFilter filter = filterName switch
        {
            "status" => new(Status: DeliveryStatus.Failed),
            "webhook" => new(WebhookId: _hook),
            "webhook+status" => new(WebhookId: _hook, Status: DeliveryStatus.Failed),
            "event" => new(EventName: "message_created"),
            "range" => new(From: Start.AddHours(1), To: Start.AddHours(2)),
            "search" => new(Search: _rows[5].EventId.ToString()),
            _ => new(),
        };
        filter.TryParseSearch(out var searchId);
        await using var db = _db.CreateDbContext();
        var cursor = _rows[50_000].Id;
        var ranges = DeliveryLogQuery.Ranges(db, _account, filter, searchId);
        // Without a status filter the page is merged from one range per status.
        Assert.Equal(filter.Status is null ? Enum.GetValues<DeliveryStatus>().Length : 1, ranges.Count);

        foreach (var range in ranges)
        {
            var plan = await ExplainAsync(db, range.Where(d => d.Id.CompareTo(cursor) < 0).OrderByDescending(d => d.Id).Take(51));
            TestContext.Current.TestOutputHelper?.WriteLine(plan);
            if (TestProvider.IsPostgreSql)
            {
                // An index range in id order, never the table; a sort only of the few rows the planner expects of an (almost) empty range.
                Assert.DoesNotContain("Seq Scan on deliveries", plan);
                Assert.Matches(new System.Text.RegularExpressions.Regex("Index (Only )?Scan( Backward)? (using|on) \"?(PK_deliveries|IX_deliveries_)", System.Text.RegularExpressions.RegexOptions.IgnoreCase), plan);
                foreach (System.Text.RegularExpressions.Match sort in System.Text.RegularExpressions.Regex.Matches(plan, @"Sort  \(cost=[\d.]+ rows=(\d+)"))
                    Assert.True(int.Parse(sort.Groups[1].Value) <= 51, plan);
                continue;
            }

            Assert.DoesNotContain("USE TEMP B-TREE", plan);
            Assert.Matches(filterName switch
            {
                "search" => "USING INDEX|PRIMARY KEY",
                "webhook" or "webhook+status" => "USING INDEX IX_Deliveries_WebhookId_Status_Id",
                _ => "USING INDEX IX_Deliveries_AccountId_Status_Id",
            }, plan);
            Assert.DoesNotMatch(@"SCAN Deliveries(\s|$)", plan);
        }
    }

    private static async Task<string> ExplainAsync(Dashboard.Data.AppDbContext db, IQueryable<Delivery> query)
    {
        await using var command = query.CreateDbCommand();
        var sqlite = !TestProvider.IsPostgreSql;
        command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
        await db.Database.OpenConnectionAsync(Ct);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var lines = new List<string>();
        while (await reader.ReadAsync(Ct)) lines.Add(reader.GetString(sqlite ? 3 : 0));
        return string.Join("\n", lines);
    }
}
