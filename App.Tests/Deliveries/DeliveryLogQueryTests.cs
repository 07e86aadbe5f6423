using Dashboard.Deliveries;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Deliveries;

public sealed class DeliveryLogQueryTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private TestDatabase _db = null!;
    private DeliveryLogQuery _query = null!;
    private int _account, _other, _hookA, _hookB, _otherHook;
    private List<LogData.Row> _rows = null!;

    public async ValueTask InitializeAsync()
    {
        _db = new TestDatabase();
        _query = new DeliveryLogQuery(_db);
        await using var connection = await _db.OpenAsync();
        _account = await LogData.AddAccountAsync(connection, "Mine");
        _other = await LogData.AddAccountAsync(connection, "Other");
        _hookA = await LogData.AddWebhookAsync(connection, _account, "https://a.example/hook", "Hook A");
        _hookB = await LogData.AddWebhookAsync(connection, _account, "https://b.example/hook");
        _otherHook = await LogData.AddWebhookAsync(connection, _other, "https://other.example/hook", "Other hook");
        // Every 10th failed, every 97th cancelled: statuses of different rarity.
        _rows = LogData.Generate(2_000, _account, [_hookA, _hookB], Start,
            i => i % 97 == 5 ? DeliveryStatus.Cancelled : i % 10 == 0 ? DeliveryStatus.Failed : DeliveryStatus.Succeeded);
        await LogData.InsertAsync(connection, _rows);
        await LogData.InsertAsync(connection, LogData.Generate(300, _other, [_otherHook], Start));
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private List<Guid> Expected(Func<LogData.Row, bool> where) => _rows.Where(where).OrderByDescending(r => LogData.Text(r.Id), StringComparer.Ordinal).Select(r => r.Id).ToList();

    private Task<DeliveryLogPage> Page(DeliveryLogFilter filter, DeliveryLogCursor? cursor = null) =>
        _query.PageAsync(_account, filter, cursor, TestContext.Current.CancellationToken);

    private async Task<List<Guid>> WalkAllAsync(DeliveryLogFilter filter)
    {
        var ids = new List<Guid>();
        var page = await Page(filter);
        Assert.Null(page.Newer);
        while (true)
        {
            Assert.True(page.Rows.Count <= DeliveryLogQuery.PageSize);
            ids.AddRange(page.Rows.Select(r => r.Id));
            if (page.Older is null) return ids;
            page = await Page(filter, page.Older);
        }
    }

    [Fact]
    public async Task Pages_walk_every_delivery_of_the_account_newest_first_without_gaps_or_repeats()
    {
        var ids = await WalkAllAsync(new DeliveryLogFilter());

        Assert.Equal(Expected(_ => true), ids);
    }

    [Fact]
    public async Task Newer_cursor_returns_to_the_page_before()
    {
        var first = await Page(new DeliveryLogFilter());
        var second = await Page(new DeliveryLogFilter(), first.Older);
        var third = await Page(new DeliveryLogFilter(), second.Older);

        var backToSecond = await Page(new DeliveryLogFilter(), third.Newer);
        var backToFirst = await Page(new DeliveryLogFilter(), backToSecond.Newer);

        Assert.Equal(second.Rows.Select(r => r.Id), backToSecond.Rows.Select(r => r.Id));
        Assert.Equal(first.Rows.Select(r => r.Id), backToFirst.Rows.Select(r => r.Id));
        Assert.Null(backToFirst.Newer);
        Assert.NotNull(backToFirst.Older);
    }

    [Fact]
    public async Task Each_filter_returns_exactly_the_matching_deliveries()
    {
        Assert.Equal(Expected(r => r.Status == DeliveryStatus.Failed), await WalkAllAsync(new(Status: DeliveryStatus.Failed)));
        Assert.Equal(Expected(r => r.Status == DeliveryStatus.Cancelled), await WalkAllAsync(new(Status: DeliveryStatus.Cancelled)));
        Assert.Equal(Expected(r => r.EventName == "contact_updated"), await WalkAllAsync(new(EventName: "contact_updated")));
        Assert.Equal(Expected(r => r.WebhookId == _hookB), await WalkAllAsync(new(WebhookId: _hookB)));
        Assert.Equal(Expected(r => r.WebhookId == _hookA && r.Status == DeliveryStatus.Failed && r.EventName == "message_created"),
            await WalkAllAsync(new(Status: DeliveryStatus.Failed, EventName: "message_created", WebhookId: _hookA)));

        var from = Start.AddSeconds(100);
        var to = Start.AddSeconds(250);
        Assert.Equal(Expected(r => r.CreatedAt >= from && r.CreatedAt < to), await WalkAllAsync(new(From: from, To: to)));
    }

    [Fact]
    public async Task Free_text_finds_a_delivery_by_its_id_or_its_event_id()
    {
        var target = _rows[1234];

        var byDelivery = await Page(new(Search: target.Id.ToString()));
        var byEvent = await Page(new(Search: $"  {target.EventId.ToString().ToUpperInvariant()} "));

        Assert.Equal([target.Id], byDelivery.Rows.Select(r => r.Id));
        Assert.Equal([target.Id], byEvent.Rows.Select(r => r.Id));
        Assert.Equal(target.WebhookId == _hookA ? "Hook A" : "https://b.example/hook", byDelivery.Rows.Single().WebhookLabel);
    }

    [Fact]
    public async Task Another_accounts_deliveries_never_appear_even_by_id_or_webhook()
    {
        await using var db = _db.CreateDbContext();
        var foreign = await db.Deliveries.Where(d => d.AccountId == _other).Select(d => d.Id).FirstAsync(TestContext.Current.CancellationToken);

        Assert.Empty((await Page(new(Search: foreign.ToString()))).Rows);
        Assert.Empty((await Page(new(WebhookId: _otherHook))).Rows);
        var theirs = await _query.PageAsync(_other, new(), ct: TestContext.Current.CancellationToken);
        Assert.Equal(DeliveryLogQuery.PageSize, theirs.Rows.Count);
        Assert.All(theirs.Rows, r => Assert.Equal(_otherHook, r.WebhookId));
    }

    [Fact]
    public async Task Bad_search_text_or_reversed_time_range_gives_a_message_and_no_rows()
    {
        var bad = await Page(new(Search: "not-an-id"));
        var reversed = await Page(new(From: Start.AddHours(2), To: Start.AddHours(1)));

        Assert.Equal(DeliveryLogFilter.SearchMessage, bad.Error);
        Assert.Empty(bad.Rows);
        Assert.NotNull(reversed.Error);
        Assert.Empty(reversed.Rows);
    }
}
