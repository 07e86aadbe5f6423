using Dashboard.Dispatch;
using AngleSharp.Dom;
using Bunit;
using Dashboard.Deliveries;
using MudBlazor;

namespace Dashboard.Tests.Deliveries;

public sealed class DeliveryLogComponentTests : LogComponentContext
{
    private static readonly DateTime Start = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);

    private async Task<List<LogData.Row>> SeedAsync(int count)
    {
        var rows = LogData.Generate(count, Account, [Hook], Start, i => i % 4 == 0 ? DeliveryStatus.Failed : DeliveryStatus.Succeeded);
        await using var connection = await Db.OpenAsync();
        await LogData.InsertAsync(connection, rows);
        return rows;
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<DeliveryLog> log) => log.FindAll("tbody tr.mud-table-row");

    private static IElement Button(IRenderedComponent<DeliveryLog> log, string testId) => log.Find($"[data-testid={testId}]");

    [Fact]
    public async Task Rows_show_event_webhook_status_and_the_paging_buttons_move_fifty_at_a_time()
    {
        var rows = await SeedAsync(120);
        var newest = rows[^1];

        var log = Render<DeliveryLog>(p => p.Add(x => x.AccountId, Account));

        log.WaitForAssertion(() => Assert.Equal(50, Rows(log).Count));
        var first = Rows(log)[0];
        Assert.Contains(newest.EventName, first.TextContent);
        Assert.Contains("Orders", first.TextContent);
        Assert.Contains(newest.Status.ToString(), first.QuerySelector("[data-testid=status-chip]")!.TextContent);
        Assert.True(Button(log, "page-newer").HasAttribute("disabled"));

        Button(log, "page-older").Click();
        log.WaitForAssertion(() => Assert.Contains(rows[69].Id.ToString(), Rows(log)[0].InnerHtml));
        Button(log, "page-older").Click();
        log.WaitForAssertion(() => Assert.Equal(20, Rows(log).Count));
        Assert.True(Button(log, "page-older").HasAttribute("disabled"));

        Button(log, "page-newer").Click();
        log.WaitForAssertion(() => Assert.Contains(rows[69].Id.ToString(), Rows(log)[0].InnerHtml));
        Button(log, "page-newer").Click();
        log.WaitForAssertion(() => Assert.Contains(newest.Id.ToString(), Rows(log)[0].InnerHtml));
        Assert.True(Button(log, "page-newer").HasAttribute("disabled"));
    }

    [Fact]
    public async Task The_status_filter_shows_only_that_status()
    {
        await SeedAsync(40);
        var log = Render<DeliveryLog>(p => p.Add(x => x.AccountId, Account));
        log.WaitForAssertion(() => Assert.Equal(40, Rows(log).Count));

        await log.InvokeAsync(() => log.FindComponent<DeliveryLogFilterBar>().Instance.FilterChanged.InvokeAsync(new DeliveryLogFilter(Status: DeliveryStatus.Failed)));

        log.WaitForAssertion(() => Assert.Equal(10, Rows(log).Count));
        Assert.All(Rows(log), r => Assert.Contains("Failed", r.QuerySelector("[data-testid=status-chip]")!.TextContent));
    }

    [Fact]
    public async Task Searching_by_id_finds_the_delivery_and_bad_text_gets_a_message()
    {
        var rows = await SeedAsync(30);
        var log = Render<DeliveryLog>(p => p.Add(x => x.AccountId, Account));
        log.WaitForAssertion(() => Assert.Equal(30, Rows(log).Count));
        var search = log.FindComponents<MudTextField<string>>().Single();

        await log.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("order 42"));
        log.WaitForAssertion(() => Assert.Contains(DeliveryLogFilter.SearchMessage, log.Markup));
        Assert.Empty(Rows(log));

        await log.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync(rows[7].EventId.ToString()));
        log.WaitForAssertion(() => Assert.Single(Rows(log)));
        Assert.Contains(rows[7].Id.ToString(), Rows(log)[0].InnerHtml);
        Assert.DoesNotContain(DeliveryLogFilter.SearchMessage, log.Markup);
    }

    [Fact]
    public async Task New_attempts_announced_on_the_feed_appear_without_a_reload()
    {
        await SeedAsync(3);
        var log = Render<DeliveryLog>(p => p.Add(x => x.AccountId, Account));
        log.WaitForAssertion(() => Assert.Equal(3, Rows(log).Count));

        var fresh = LogData.Generate(1, Account, [Hook], Start.AddHours(1))[0];
        await using (var connection = await Db.OpenAsync()) await LogData.InsertAsync(connection, [fresh]);
        Feed.Publish([new AttemptRecorded(Account, Hook, fresh.Id)]);

        log.WaitForAssertion(() => Assert.Equal(4, Rows(log).Count), TimeSpan.FromSeconds(5));
        Assert.Contains(fresh.Id.ToString(), Rows(log)[0].InnerHtml);
    }

    [Fact]
    public async Task A_retrying_delivery_says_which_attempt_of_the_schedule_it_is_and_when_the_next_goes_with_exact_times_on_hover()
    {
        Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(Start.AddMinutes(40)));
        var row = LogData.Generate(1, Account, [Hook], Start, _ => DeliveryStatus.Pending)[0];
        await using (var connection = await Db.OpenAsync())
        {
            await LogData.InsertAsync(connection, [row]);
            await using var update = Dashboard.Data.Sql.Command(connection, "UPDATE Deliveries SET Attempts = 3, NextAttemptAt = @n WHERE Id = @id", "@n", "@id");
            Dashboard.Data.Sql.Set(update, "@n", Start.AddMinutes(65).Ticks);
            Dashboard.Data.Sql.Set(update, "@id", row.Id);
            await update.ExecuteNonQueryAsync(Ct);
        }

        var log = Render<DeliveryLog>(p => p.Add(x => x.AccountId, Account));

        log.WaitForAssertion(() => Assert.Single(Rows(log)));
        var cells = Rows(log)[0];
        Assert.Equal("Retrying", cells.QuerySelector("[data-testid=status-chip]")!.TextContent.Trim());
        var detail = cells.QuerySelector("[data-testid=retry-detail]")!;
        Assert.Equal("attempt 3 of 10, next in 25 min", detail.TextContent.Trim());
        Assert.Equal("Next try at 2026-11-20 09:05:00 UTC", detail.GetAttribute("title"));
        Assert.Equal("500", cells.QuerySelector("[data-testid=log-http]")!.TextContent.Trim());
        var time = cells.QuerySelector("[data-testid=log-time]")!;
        Assert.Equal("40 min ago", time.TextContent.Trim());
        Assert.Equal("2026-11-20 08:00:00 UTC", time.GetAttribute("title"));
        // The event by its label, its raw name beside it for developers.
        Assert.Equal("Message created", cells.QuerySelector("[data-testid=delivery-link]")!.TextContent.Trim());
        Assert.Equal("message_created", cells.QuerySelector("code.event-name")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_empty_log_offers_the_pages_next_step_and_an_empty_filter_result_says_how_to_see_more()
    {
        var log = Render<DeliveryLog>(p => p.Add(x => x.AccountId, Account).Add(x => x.EmptyContent, b => b.AddMarkupContent(0, "<button id=next-step>Send a test event</button>")));

        log.WaitForAssertion(() => Assert.NotNull(log.Find("[data-testid=log-empty] #next-step")));

        await log.InvokeAsync(() => log.FindComponent<DeliveryLogFilterBar>().Instance.FilterChanged.InvokeAsync(new DeliveryLogFilter(Status: DeliveryStatus.Failed)));

        log.WaitForAssertion(() => Assert.Contains("No deliveries match these filters", log.Find("[data-testid=log-empty]").TextContent));
        Assert.Empty(log.FindAll("#next-step"));
    }
}
