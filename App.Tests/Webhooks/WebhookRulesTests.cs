using Dashboard.Webhooks;

namespace Dashboard.Tests.Webhooks;

public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("https://example.com/api/webhook")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("  https://example.com/padded  ")]
    [InlineData("https://example.com/path?query=1#fragment")]
    public void Absolute_http_and_https_urls_with_a_host_are_valid(string url) => Assert.Null(WebhookRules.ValidateUrl(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/api/webhook")]
    [InlineData("example.com/api/webhook")]
    [InlineData("ftp://example.com/file")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("http://")]
    [InlineData("file:///etc/passwd")]
    public void Missing_relative_or_non_http_urls_are_invalid(string? url) =>
        Assert.StartsWith(WebhookRules.InvalidUrlMessage, WebhookRules.ValidateUrl(url));

    [Fact]
    public void A_user_name_and_password_in_the_url_are_refused() =>
        Assert.Equal("The URL must not contain a user name or password.", WebhookRules.ValidateUrl("https://user:pass@example.com/hook"));

    [Fact]
    public void Urls_longer_than_2048_characters_are_refused_and_2048_is_allowed()
    {
        var prefix = "https://example.com/";
        Assert.Null(WebhookRules.ValidateUrl(prefix + new string('a', 2048 - prefix.Length)));
        Assert.Equal("The URL must be at most 2,048 characters.", WebhookRules.ValidateUrl(prefix + new string('a', 2049 - prefix.Length)));
    }

    [Fact]
    public void Names_up_to_255_characters_are_valid_and_longer_ones_are_not()
    {
        Assert.Null(WebhookRules.ValidateName(null));
        Assert.Null(WebhookRules.ValidateName(new string('n', 255)));
        Assert.Equal("The name must be at most 255 characters.", WebhookRules.ValidateName(new string('n', 256)));
    }

    [Fact]
    public void At_least_one_known_event_is_required()
    {
        Assert.Equal("Please select at least one event.", WebhookRules.ValidateSubscriptions(null));
        Assert.Equal("Please select at least one event.", WebhookRules.ValidateSubscriptions([]));
        Assert.Null(WebhookRules.ValidateSubscriptions(["message_created", "inbox_created"]));
    }

    [Fact]
    public void Unknown_events_are_named_in_the_message() =>
        Assert.Equal("Invalid events: message_deleted, MESSAGE_CREATED.",
            WebhookRules.ValidateSubscriptions(["message_created", "message_deleted", "MESSAGE_CREATED"]));

    [Fact]
    public void Validate_reports_every_bad_field_by_name()
    {
        var errors = WebhookRules.Validate(new WebhookInput("ftp://x", new string('n', 256), []));

        Assert.False(errors.IsValid);
        Assert.Equal(new HashSet<string> { WebhookRules.Url, WebhookRules.Name, WebhookRules.Subscriptions }, errors.Keys.ToHashSet());
        Assert.True(WebhookRules.Validate(new WebhookInput("https://example.com", null, ["message_created"])).IsValid);
    }
}
