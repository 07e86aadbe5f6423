using Dashboard.Webhooks;
namespace Dashboard.Deliveries;

/// <summary>What the admin narrowed the log to; every field is optional.</summary>
/// <param name="From">Inclusive lower bound on the delivery's creation time (UTC).</param>
/// <param name="To">Exclusive upper bound on the delivery's creation time (UTC).</param>
/// <param name="Search">A full event id or delivery id.</param>
public sealed record DeliveryLogFilter(
    DeliveryStatus? Status = null,
    string? EventName = null,
    int? WebhookId = null,
    DateTime? From = null,
    DateTime? To = null,
    string? Search = null)
{
    public const string SearchMessage = "Enter a full event id or delivery id (a UUID such as 0193a1b2-…).";

    /// <summary>The id the free-text box holds, or null when it holds nothing; false when it holds something that is no id.</summary>
    public bool TryParseSearch(out Guid? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(Search)) return true;
        if (!Guid.TryParse(Search.Trim(), out var parsed)) return false;
        id = parsed;
        return true;
    }
}

/// <summary>Which page: the newest one, the rows older than a row, or the rows newer than a row.</summary>
public sealed record DeliveryLogCursor(Guid Id, bool Newer)
{
    public static DeliveryLogCursor OlderThan(Guid id) => new(id, Newer: false);
    public static DeliveryLogCursor NewerThan(Guid id) => new(id, Newer: true);
}

/// <summary>One row of the log table.</summary>
public sealed record DeliveryLogRow(
    Guid Id,
    Guid EventId,
    string EventName,
    int WebhookId,
    string? WebhookName,
    string? WebhookUrl,
    DeliveryStatus Status,
    int? LastStatusCode,
    int Attempts,
    int? LastDurationMs,
    string? LastError,
    DateTime CreatedAt,
    DateTime? LastAttemptAt,
    DateTime? NextAttemptAt)
{
    public string WebhookLabel => Webhook.LabelOf(WebhookName, WebhookUrl, WebhookId);
}

/// <summary>A page of rows, newest first, with cursors to the pages around it (null when there is none).</summary>
public sealed record DeliveryLogPage(IReadOnlyList<DeliveryLogRow> Rows, DeliveryLogCursor? Older, DeliveryLogCursor? Newer, string? Error = null)
{
    public static DeliveryLogPage Invalid(string message) => new([], null, null, message);
}
