using Dashboard.Dispatch;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Webhooks;

public sealed class WebhookServiceTests : IAsyncDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly WebhookService _service;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public WebhookServiceTests() => _service = new WebhookService(_db, _time);

    private static WebhookInput Input(string url = "https://example.com/hook", string? name = "CRM") => new(url, name, ["message_created"]);

    private async Task<Webhook> CreateAsync(int accountId, string url = "https://example.com/hook") =>
        (await _service.CreateAsync(accountId, Input(url), _ct)).Webhook ?? throw new InvalidOperationException("not created");

    [Fact]
    public async Task Create_saves_trimmed_values_the_events_as_given_and_a_whsec_secret()
    {
        var account = await _db.CreateAccountAsync("A");

        var result = await _service.CreateAsync(account, new WebhookInput(" https://example.com/hook ", "  ", ["contact_created", "message_created", "contact_created"]), _ct);

        Assert.True(result.Succeeded);
        var saved = await _service.FindAsync(account, result.Webhook!.Id, _ct);
        Assert.Equal(("https://example.com/hook", (string?)null, WebhookStatus.Active), (saved!.Url, saved.Name, saved.Status));
        // As the chat platform stores them: order and repeats kept (a repeat still means one delivery per event).
        Assert.Equal(["contact_created", "message_created", "contact_created"], saved.Subscriptions);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", saved.Secret);
        Assert.Equal(32, WebhookSecret.KeyBytes(saved.Secret).Length);
    }

    [Fact]
    public async Task Invalid_input_returns_messages_per_field_and_saves_nothing()
    {
        var account = await _db.CreateAccountAsync("A");

        var result = await _service.CreateAsync(account, new WebhookInput("https://user:pass@example.com", new string('n', 256), ["nope"]), _ct);

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Errors.Count);
        await using var db = await _db.CreateDbContextAsync(_ct);
        Assert.Equal(0, await db.Webhooks.CountAsync(_ct));
    }

    [Fact]
    public async Task The_same_url_twice_in_one_account_is_refused_but_allowed_in_another_account()
    {
        var a = await _db.CreateAccountAsync("A");
        var b = await _db.CreateAccountAsync("B");
        await CreateAsync(a);

        var duplicate = await _service.CreateAsync(a, Input(), _ct);
        var otherAccount = await _service.CreateAsync(b, Input(), _ct);

        Assert.Equal(WebhookService.DuplicateUrlMessage, duplicate.Errors[WebhookRules.Url]);
        Assert.True(otherAccount.Succeeded);
        Assert.Single(await _service.ListAsync(a, ct: _ct));
    }

    [Fact]
    public async Task Updating_to_another_webhooks_url_is_refused_and_changes_nothing()
    {
        var a = await _db.CreateAccountAsync("A");
        await CreateAsync(a, "https://example.com/one");
        var two = await CreateAsync(a, "https://example.com/two");

        var result = await _service.UpdateAsync(a, two.Id, Input("https://example.com/one", "renamed"), _ct);

        Assert.Equal(WebhookService.DuplicateUrlMessage, result!.Errors[WebhookRules.Url]);
        var unchanged = await _service.FindAsync(a, two.Id, _ct);
        Assert.Equal(("https://example.com/two", "CRM"), (unchanged!.Url, unchanged.Name));
    }

    [Fact]
    public async Task Another_accounts_id_never_reads_updates_deletes_or_rotates()
    {
        var a = await _db.CreateAccountAsync("A");
        var b = await _db.CreateAccountAsync("B");
        var webhook = await CreateAsync(a);

        Assert.Null(await _service.FindAsync(b, webhook.Id, _ct));
        Assert.Empty(await _service.ListAsync(b, ct: _ct));
        Assert.Null(await _service.UpdateAsync(b, webhook.Id, Input("https://evil.example.com", "taken"), _ct));
        Assert.Null(await _service.RotateSecretAsync(b, webhook.Id, _ct));
        Assert.Null(await _service.SetStatusAsync(b, webhook.Id, WebhookStatus.Disabled, "no", _ct));
        Assert.False(await _service.DeleteAsync(b, webhook.Id, _ct));

        var still = await _service.FindAsync(a, webhook.Id, _ct);
        Assert.Equal((webhook.Url, webhook.Name, webhook.Secret, WebhookStatus.Active), (still!.Url, still.Name, still.Secret, still.Status));
    }

    [Fact]
    public async Task Update_changes_fields_and_an_empty_name_clears_it()
    {
        var a = await _db.CreateAccountAsync("A");
        var webhook = await CreateAsync(a);
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await _service.UpdateAsync(a, webhook.Id, new WebhookInput("https://example.com/new", "", ["contact_updated"]), _ct);

        Assert.True(result!.Succeeded);
        var saved = await _service.FindAsync(a, webhook.Id, _ct);
        Assert.Equal(("https://example.com/new", (string?)null), (saved!.Url, saved.Name));
        Assert.Equal(["contact_updated"], saved.Subscriptions);
        Assert.Equal(webhook.Secret, saved.Secret);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, saved.UpdatedAt);
    }

    [Fact]
    public async Task Rotate_keeps_the_previous_secret_for_24_hours()
    {
        var a = await _db.CreateAccountAsync("A");
        var webhook = await CreateAsync(a);
        _time.Advance(TimeSpan.FromHours(3));

        var rotated = await _service.RotateSecretAsync(a, webhook.Id, _ct);

        var saved = await _service.FindAsync(a, webhook.Id, _ct);
        Assert.Equal(rotated!.Secret, saved!.Secret);
        Assert.NotEqual(webhook.Secret, saved.Secret);
        Assert.Equal(webhook.Secret, saved.PreviousSecret);
        Assert.Equal(new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc), saved.PreviousSecretExpiresAt);
    }

    [Fact]
    public async Task Delete_removes_only_that_webhook()
    {
        var a = await _db.CreateAccountAsync("A");
        var one = await CreateAsync(a, "https://example.com/one");
        var two = await CreateAsync(a, "https://example.com/two");

        Assert.True(await _service.DeleteAsync(a, one.Id, _ct));
        Assert.False(await _service.DeleteAsync(a, one.Id, _ct));

        Assert.Equal([two.Id], (await _service.ListAsync(a, ct: _ct)).Select(w => w.Id));
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
