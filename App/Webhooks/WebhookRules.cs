using Dashboard.Events;

namespace Dashboard.Webhooks;

/// <summary>What a user typed for a webhook; the modal and both APIs validate it with <see cref="WebhookRules"/>.</summary>
public sealed record WebhookInput(string? Url, string? Name, IReadOnlyCollection<string>? Subscriptions);

/// <summary>Field name → message. Empty when the input is valid.</summary>
public sealed class ValidationErrors : Dictionary<string, string>
{
    public bool IsValid => Count == 0;
    public string Summary => string.Join(" ", Values);
}

/// <summary>The one place the rules for a webhook live (the modal, the REST API and the server all call it).</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxNameLength = 255;
    public const string Url = "url";
    public const string Name = "name";
    public const string Subscriptions = "subscriptions";

    public const string InvalidUrlMessage = "Please enter a valid URL";

    /// <summary>
    /// What a webhook created through the API without <c>subscriptions</c> receives: the platform's column default
    /// (its <c>db/schema.rb</c>), so its clients that leave the key out get what they got there.
    /// </summary>
    public static readonly IReadOnlyList<string> PlatformDefaultSubscriptions =
    [
        "conversation_status_changed", "conversation_updated", "conversation_created", "contact_created", "contact_updated",
        "message_created", "message_updated", "webwidget_triggered",
    ];

    public static string? ValidateUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return InvalidUrlMessage;
        var trimmed = url.Trim();
        // Uri parsing drops tabs and line breaks silently; stored, they would split a header or a log line later.
        if (trimmed.Any(char.IsControl)) return "The URL must not contain line breaks, tabs or other control characters.";
        if (trimmed.Length > MaxUrlLength) return $"The URL must be at most {MaxUrlLength:N0} characters.";
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
            return $"{InvalidUrlMessage} (an absolute http:// or https:// address).";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "The URL must not contain a user name or password.";
        return null;
    }

    public static readonly string LongNameMessage = $"The name must be at most {MaxNameLength} characters.";

    public static string? ValidateName(string? name) => name is not null && name.Trim().Length > MaxNameLength ? LongNameMessage : null;

    public static string? ValidateSubscriptions(IReadOnlyCollection<string>? subscriptions)
    {
        if (subscriptions is null || subscriptions.Count == 0) return "Please select at least one event.";
        var unknown = subscriptions.Where(s => !EventCatalog.IsKnown(s)).ToList();
        return unknown.Count > 0 ? $"Invalid events: {string.Join(", ", unknown)}." : null;
    }

    public static ValidationErrors Validate(WebhookInput input)
    {
        var errors = new ValidationErrors();
        if (ValidateUrl(input.Url) is { } url) errors[Url] = url;
        if (ValidateName(input.Name) is { } name) errors[Name] = name;
        if (ValidateSubscriptions(input.Subscriptions) is { } subs) errors[Subscriptions] = subs;
        return errors;
    }
}
