using Dashboard.Deliveries;
using Microsoft.Data.Sqlite;

namespace Dashboard.Dispatch;

/// <summary>The writer's SQL, prepared once on its connection. Values are written the way EF Core writes them.</summary>
internal sealed class WriterStatements(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _insertAttempt = Sql.Command(connection, """
        INSERT INTO Attempts (DeliveryId, AccountId, WebhookId, Number, Trigger, StartedAt, DurationMs, Url, RequestHeaders,
            ResponseStatus, ResponseHeaders, ResponseBody, ResponseBodyBinary, ResponseBodyTruncated, Error, ErrorMessage, Succeeded, NextAttemptAt)
        VALUES ($delivery, $account, $webhook, $number, 0, $started, $duration, $url, $requestHeaders,
            $status, $responseHeaders, $body, $binary, $truncated, $error, $errorMessage, $succeeded, $next)
        """, "$delivery", "$account", "$webhook", "$number", "$started", "$duration", "$url", "$requestHeaders",
        "$status", "$responseHeaders", "$body", "$binary", "$truncated", "$error", "$errorMessage", "$succeeded", "$next");

    // A delivery cancelled meanwhile (webhook disabled) stays cancelled; the attempt still counts.
    private readonly SqliteCommand _updateDelivery = Sql.Command(connection, """
        UPDATE Deliveries SET
            Attempts = Attempts + 1,
            NextAttemptAt = CASE WHEN Status = 0 AND $status = 0 THEN $next ELSE NULL END,
            Status = CASE WHEN Status = 0 THEN $status ELSE Status END,
            LeaseOwner = CASE WHEN LeaseOwner = $owner THEN NULL ELSE LeaseOwner END,
            LeaseExpiresAt = CASE WHEN LeaseOwner = $owner THEN NULL ELSE LeaseExpiresAt END,
            LastStatusCode = $code, LastDurationMs = $duration, LastAttemptAt = $started, LastError = $error
        WHERE Id = $id
        """, "$status", "$next", "$owner", "$code", "$duration", "$started", "$error", "$id");

    private readonly SqliteCommand _clearFailing = Sql.Command(connection,
        "UPDATE Webhooks SET FailingSince = NULL WHERE Id = $webhook AND FailingSince IS NOT NULL", "$webhook");

    private readonly SqliteCommand _markFailing = Sql.Command(connection,
        "UPDATE Webhooks SET FailingSince = $now WHERE Id = $webhook AND FailingSince IS NULL", "$webhook", "$now");

    private readonly SqliteCommand _disable = Sql.Command(connection, """
        UPDATE Webhooks SET Status = 1, DisabledReason = $reason, DisabledAt = $now, UpdatedAt = $now
        WHERE Id = $webhook AND Status = 0 AND ($force = 1 OR FailingSince <= $threshold)
        """, "$webhook", "$reason", "$now", "$force", "$threshold");

    private readonly SqliteCommand _cancelWebhookDeliveries = Sql.Command(connection,
        "UPDATE Deliveries SET Status = 3, NextAttemptAt = NULL, LeaseOwner = NULL, LeaseExpiresAt = NULL WHERE WebhookId = $webhook AND Status = 0",
        "$webhook");

    private readonly SqliteCommand _cancel = Sql.Command(connection,
        "UPDATE Deliveries SET Status = 3, NextAttemptAt = NULL, LeaseOwner = NULL, LeaseExpiresAt = NULL WHERE Id = $id AND Status = 0", "$id");

    private readonly SqliteCommand _release = Sql.Command(connection,
        "UPDATE Deliveries SET LeaseOwner = NULL, LeaseExpiresAt = NULL WHERE Id = $id AND LeaseOwner = $owner", "$id", "$owner");

    /// <summary>Applies one item inside <paramref name="tx"/>; true when an attempt row was written.</summary>
    public bool Apply(SqliteTransaction tx, WriteItem item, TimeSpan disableAfterFailing)
    {
        var id = Sql.Id(item.Delivery.Id);
        switch (item)
        {
            case CancelItem:
                Run(_cancel, tx, ("$id", id));
                return false;
            case ReleaseItem:
                Run(_release, tx, ("$id", id), ("$owner", item.Owner));
                return false;
            case AttemptItem a:
                RecordAttempt(tx, a, id);
                UpdateHealth(tx, a, disableAfterFailing);
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(item));
        }
    }

    private void RecordAttempt(SqliteTransaction tx, AttemptItem a, string id)
    {
        var (d, o) = (a.Delivery, a.Outcome);
        Run(_insertAttempt, tx, ("$delivery", id), ("$account", d.AccountId), ("$webhook", d.WebhookId),
            ("$number", d.Attempts + 1), ("$started", Sql.Ticks(o.StartedAt)), ("$duration", o.DurationMs), ("$url", d.Url),
            ("$requestHeaders", o.RequestHeaders), ("$status", o.ResponseStatus), ("$responseHeaders", o.ResponseHeaders),
            ("$body", o.ResponseBody), ("$binary", o.ResponseBodyBinary), ("$truncated", o.ResponseBodyTruncated),
            ("$error", (int)o.Error), ("$errorMessage", o.ErrorMessage), ("$succeeded", o.Succeeded), ("$next", Sql.Ticks(a.Decision.NextAttemptAt)));
        Run(_updateDelivery, tx, ("$status", (int)a.Decision.Status), ("$next", Sql.Ticks(a.Decision.NextAttemptAt)),
            ("$owner", a.Owner), ("$code", o.ResponseStatus), ("$duration", o.DurationMs), ("$started", Sql.Ticks(o.StartedAt)),
            ("$error", o.LastError), ("$id", id));
    }

    private void UpdateHealth(SqliteTransaction tx, AttemptItem a, TimeSpan disableAfterFailing)
    {
        var webhook = a.Delivery.WebhookId;
        if (a.Outcome.Succeeded)
        {
            Run(_clearFailing, tx, ("$webhook", webhook));
            return;
        }
        var now = Sql.Ticks(a.Now);
        Run(_markFailing, tx, ("$webhook", webhook), ("$now", now));
        var reason = a.Decision.DisableReason ?? RetryPolicy.FailingReason(disableAfterFailing);
        var disabled = Run(_disable, tx, ("$webhook", webhook), ("$reason", reason), ("$now", now),
            ("$force", a.Decision.DisableReason is null ? 0 : 1), ("$threshold", Sql.Ticks(a.Now - disableAfterFailing)));
        // A disabled webhook gets nothing more: its waiting deliveries end as cancelled.
        if (disabled > 0) Run(_cancelWebhookDeliveries, tx, ("$webhook", webhook));
    }

    public void Dispose()
    {
        foreach (var command in new[] { _insertAttempt, _updateDelivery, _clearFailing, _markFailing, _disable, _cancelWebhookDeliveries, _cancel, _release })
            command.Dispose();
    }

    private static int Run(SqliteCommand command, SqliteTransaction tx, params (string Name, object? Value)[] values) =>
        Sql.Bind(command, tx, values).ExecuteNonQuery();
}
