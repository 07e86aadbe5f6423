using System.Net;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Events;

/// <summary>The app with a clock the test moves, to walk past the 24 h idempotency window.</summary>
public sealed class FakeClockDashboardFactory : DashboardFactory
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Time);
}

public sealed class EventsApiIdempotencyTests(FakeClockDashboardFactory app) : IClassFixture<FakeClockDashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, string Id, int Deliveries, bool Replayed)> PostAsync(int accountId, string token, string key, string json)
    {
        var request = ApiCalls.Request(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", token, json);
        request.Headers.Add("Idempotency-Key", key);
        var response = await _client.SendAsync(request, Ct);
        var body = await response.ReadJsonAsync();
        return (response.StatusCode, body["id"]!.GetValue<string>(), body["deliveries"]!.GetValue<int>(), response.Headers.Contains("Idempotent-Replayed"));
    }

    private async Task<int> EventCountAsync(int accountId)
    {
        await using var db = app.CreateDbContext();
        return await db.Events.CountAsync(e => e.AccountId == accountId, Ct);
    }

    [Fact]
    public async Task Same_key_within_24_hours_returns_the_first_answer_and_creates_nothing_new()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Idem Within");
        await app.Services.GetRequiredService<Dashboard.Webhooks.WebhookService>()
            .CreateAsync(accountId, new("https://idem.example/hook", null, ["contact_created"]), Ct);

        var first = await PostAsync(accountId, token, "order-4821", """{"event":"contact_created","id":1}""");
        app.Time.Advance(TimeSpan.FromHours(23));
        // Even a different body: the key identifies the request, as with other idempotent APIs.
        var again = await PostAsync(accountId, token, "order-4821", """{"event":"contact_created","id":2}""");

        Assert.Equal((HttpStatusCode.Accepted, 1, false), (first.Status, first.Deliveries, first.Replayed));
        Assert.Equal((HttpStatusCode.Accepted, first.Id, 1, true), (again.Status, again.Id, again.Deliveries, again.Replayed));
        Assert.Equal(1, await EventCountAsync(accountId));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Deliveries.CountAsync(d => d.AccountId == accountId, Ct));
    }

    [Fact]
    public async Task Same_key_after_24_hours_creates_a_new_event()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Idem After");

        var first = await PostAsync(accountId, token, "key-1", """{"event":"contact_created","id":1}""");
        app.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var later = await PostAsync(accountId, token, "key-1", """{"event":"contact_created","id":1}""");
        var replayOfLater = await PostAsync(accountId, token, "key-1", """{"event":"contact_created","id":1}""");

        Assert.NotEqual(first.Id, later.Id);
        Assert.False(later.Replayed);
        Assert.Equal((later.Id, true), (replayOfLater.Id, replayOfLater.Replayed));
        Assert.Equal(2, await EventCountAsync(accountId));
    }

    [Fact]
    public async Task Keys_are_per_account()
    {
        var (accountA, _, _, tokenA) = await app.CreateAccountAsync("Idem A");
        var (accountB, _, _, tokenB) = await app.CreateAccountAsync("Idem B");

        var a = await PostAsync(accountA, tokenA, "shared-key", """{"event":"contact_created","id":1}""");
        var b = await PostAsync(accountB, tokenB, "shared-key", """{"event":"contact_created","id":1}""");

        Assert.NotEqual(a.Id, b.Id);
        Assert.False(b.Replayed);
        Assert.Equal((1, 1), (await EventCountAsync(accountA), await EventCountAsync(accountB)));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_event()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Idem Race");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(accountId, token, "race", """{"event":"contact_created","id":1}""")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(1, await EventCountAsync(accountId));
    }
}
