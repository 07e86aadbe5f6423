using System.Text.Json.Nodes;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Tests.Dispatch;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Deliveries;

/// <summary>Events published through the real ingestion path are found in the log by the chat platform's ids, within the account.</summary>
public sealed class DeliveryLogSearchTests : IAsyncLifetime
{
    private readonly DispatchFactory _app = new();
    private int _account;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _account = await _app.DemoAccountIdAsync();
        // Nothing listens on the discard port: the deliveries exist whatever their sending does.
        await _app.CreateWebhookAsync(_account, "http://127.0.0.1:9/hook", "message_created", "conversation_created", "contact_updated");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<Guid> PublishAsync(int accountId, string eventName, Action<JsonObject> change)
    {
        var payload = EventSamples.For(eventName, accountId, "Acme Support");
        change(payload);
        return (await _app.Services.GetRequiredService<IEventPublisher>().PublishAsync(accountId, payload, ct: Ct)).EventId;
    }

    private async Task<IEnumerable<Guid>> FindAsync(string search, int? accountId = null)
    {
        var page = await _app.Services.GetRequiredService<DeliveryLogQuery>().PageAsync(accountId ?? _account, new DeliveryLogFilter(Search: search), ct: Ct);
        Assert.Null(page.Error);
        return page.Rows.Select(r => r.EventId).Distinct();
    }

    [Fact]
    public async Task A_conversations_display_id_finds_its_messages_and_the_conversation_event_newest_first()
    {
        var first = await PublishAsync(_account, "message_created", p => { p["id"] = 501; p["conversation"]!["display_id"] = 77; });
        var opened = await PublishAsync(_account, "conversation_created", p => p["id"] = 77);
        var other = await PublishAsync(_account, "message_created", p => { p["id"] = 77; p["conversation"]!["display_id"] = 78; });
        var contact = await PublishAsync(_account, "contact_updated", p => p["id"] = 9001);
        var elsewhere = await _app.CreateAccountAsync("Other Co");
        await _app.CreateWebhookAsync(elsewhere.AccountId, "http://127.0.0.1:9/other");
        var theirs = await PublishAsync(elsewhere.AccountId, "message_created", p => p["conversation"]!["display_id"] = 77);

        Assert.Equal([opened, first], await FindAsync("conversation 77"));
        Assert.Equal([other, opened, first], await FindAsync("77")); // any kind: message 77 too
        Assert.Equal([other], await FindAsync("message #77"));
        Assert.Equal([first], await FindAsync("501"));
        Assert.Equal([contact], await FindAsync("contact 9001"));
        Assert.Empty(await FindAsync("conversation 79"));
        Assert.Equal([theirs], await FindAsync("conversation 77", elsewhere.AccountId)); // each account finds only its own
    }
}
