using Dashboard.Events;
using Dashboard.Webhooks;
namespace Dashboard.Deliveries;

/// <summary>What the search box holds: a delivery or event id, or one of the chat platform's ids from the payload.</summary>
public sealed record LogSearch(Guid? Id = null, ChatIdSearch? ChatId = null);

/// <summary>What the admin narrowed the log to; every field is optional.</summary>
/// <param name="From">Inclusive lower bound on the delivery's creation time (UTC).</param>
/// <param name="To">Exclusive upper bound on the delivery's creation time (UTC).</param>
/// <param name="Search">A full event id or delivery id, or a message, conversation or contact id from the payload (<see cref="ChatIds.ParseSearch"/>).</param>
public sealed record DeliveryLogFilter(
    DeliveryStatus? Status = null,
    string? EventName = null,
    int? WebhookId = null,
    DateTime? From = null,
    DateTime? To = null,
    string? Search = null)
{
    /// <summary>Shown under the box before anything is typed, so nobody has to fail first to learn what it takes.</summary>
    public const string SearchHint = $"A delivery or event id (UUID), or a message, conversation or contact id from the payload: {ChatIds.SearchExample}.";

    public const string SearchMessage = $"Enter a full delivery or event id (a UUID such as 0193a1b2-…), or a number from the payload, e.g. {ChatIds.SearchExample}.";

    /// <summary>What the free-text box holds, or null when it holds nothing; false when it holds something that is no id.</summary>
    public bool TryParseSearch(out LogSearch? search)
    {
        search = null;
        if (string.IsNullOrWhiteSpace(Search)) return true;
        if (Guid.TryParse(Search.Trim(), out var id)) search = new LogSearch(Id: id);
        else if (ChatIds.ParseSearch(Search) is { } chatId) search = new LogSearch(ChatId: chatId);
        return search is not null;
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
