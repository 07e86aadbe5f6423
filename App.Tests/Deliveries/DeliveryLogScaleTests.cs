using Dashboard.Deliveries;
using Dashboard.Events;
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
        // Each event names a conversation (20 events each, as a busy chat has), as ingestion records them.
        await LogData.InsertChatIdsAsync(connection, Rows, i => [new(ChatIdKind.Conversation, ConversationOf(i)), new(ChatIdKind.Message, 1_000_000 + i)]);
        // PostgreSQL: statistics as autovacuum would have gathered them on a table this size, so the planner sees what production sees.
        if (!TestProvider.IsPostgreSql) return;
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    public static long ConversationOf(int row) => row / 20;

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
        var (_, first) = await Timed.FastestOfAsync(3, () => _query.PageAsync(_account, new(), ct: Ct));
        var (page, deep) = await Timed.FastestOfAsync(3, () => _query.PageAsync(_account, new(), DeliveryLogCursor.OlderThan(newestFirst[cursorAt]), Ct));

        Assert.Equal(newestFirst.Skip(cursorAt + 1).Take(DeliveryLogQuery.PageSize), page.Rows.Select(r => r.Id));
        Assert.True(deep < 200, $"deep page took {deep} ms (first page {first} ms)");
    }

    [Fact]
    public async Task A_rare_status_deep_in_the_log_is_found_quickly()
    {
        var failed = _rows.Where(r => r.Status == DeliveryStatus.Failed).Select(r => r.Id).OrderByDescending(LogData.Text, StringComparer.Ordinal).ToList();
        await _query.PageAsync(_account, new(), ct: Ct);

        var (page, ms) = await Timed.FastestOfAsync(3, () => _query.PageAsync(_account, new(Status: DeliveryStatus.Failed), DeliveryLogCursor.OlderThan(failed[120]), Ct));

        Assert.Equal(failed.Skip(121).Take(DeliveryLogQuery.PageSize), page.Rows.Select(r => r.Id));
        Assert.True(ms < 200, $"failed-only page took {ms} ms");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("status")]
    [InlineData("webhook")]
    [InlineData("webhook+status")]
    [InlineData("event")]
    [InlineData("range")]
    [InlineData("search")]
    [InlineData("conversation")]
    [InlineData("any chat id")]
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
            "conversation" => new(Search: $"conversation {LargeLogFixture.ConversationOf(60_000)}"),
            "any chat id" => new(Search: LargeLogFixture.ConversationOf(60_000).ToString()),
            _ => new(),
        };
        filter.TryParseSearch(out var search);
        await using var db = _db.CreateDbContext();
        var cursor = _rows[filterName is "conversation" or "any chat id" ? 60_019 : 50_000].Id;
        var ranges = DeliveryLogQuery.Ranges(db, _account, filter, search);
        // Without a status filter the page is merged from one range per status (a chat id's rows come by event instead).
        Assert.Equal(filter.Status is null && search?.ChatId is null ? Enum.GetValues<DeliveryStatus>().Length : 1, ranges.Count);

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

            if (search?.ChatId is not null)
            {
                // The chat id's few events from their index, their deliveries by event id; the sort is of those rows only.
                Assert.Contains("USING COVERING INDEX IX_EventChatIds_Search", plan);
                Assert.Matches("SEARCH Deliveries USING INDEX IX_Deliveries_EventId", plan);
                Assert.DoesNotMatch(@"SCAN (Deliveries|EventChatIds)(\s|$)", plan);
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

    [Fact]
    public async Task A_conversation_deep_in_the_log_is_found_quickly_with_every_delivery_of_it()
    {
        var conversation = LargeLogFixture.ConversationOf(12_345);
        var expected = _rows.Where((_, i) => LargeLogFixture.ConversationOf(i) == conversation).Select(r => r.Id)
            .OrderByDescending(LogData.Text, StringComparer.Ordinal).ToList();
        await _query.PageAsync(_account, new(Search: "conversation 7"), ct: Ct); // the query's shape compiled once, as in a running app

        var (page, ms) = await Timed.FastestOfAsync(3, () => _query.PageAsync(_account, new(Search: $"conversation {conversation}"), ct: Ct));

        Assert.Equal(20, expected.Count);
        Assert.Equal(expected, page.Rows.Select(r => r.Id));
        Assert.True(ms < 200, $"conversation search took {ms} ms");
        // The message id 1 000 000 + i names one event only; a message id is not taken for a conversation's.
        Assert.Equal([_rows[12_345].Id], (await _query.PageAsync(_account, new(Search: "message 1012345"), ct: Ct)).Rows.Select(r => r.Id));
        Assert.Empty((await _query.PageAsync(_account, new(Search: "conversation 1012345"), ct: Ct)).Rows);
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
