using Dashboard.Data;
using Dashboard.Deliveries;
using System.Data.Common;

namespace Dashboard.Dispatch;

/// <summary>
/// How an attempt is recorded, for every trigger: the writer's SQL, prepared once on its connection, the same text on both
/// providers. Values are written the way EF Core writes them.
/// </summary>
internal sealed class WriterStatements(DbConnection connection) : IDisposable
{
    // Numbered from the row, after its count went up: a resend between a claim and its record cannot repeat a number.
    private readonly DbCommand _insertAttempt = Sql.Command(connection, """
        INSERT INTO Attempts (DeliveryId, AccountId, WebhookId, Number, Trigger, StartedAt, DurationMs, Url, RequestHeaders,
            ResponseStatus, ResponseHeaders, ResponseBody, ResponseBodyBinary, ResponseBodyTruncated, Error, ErrorMessage, Succeeded, NextAttemptAt)
        VALUES (@delivery, @account, @webhook, (SELECT Attempts FROM Deliveries WHERE Id = @delivery), @trigger, @started, @duration, @url, @requestHeaders,
            @status, @responseHeaders, @body, @binary, @truncated, @error, @errorMessage, @succeeded, @next)
        """, "@delivery", "@account", "@webhook", "@trigger", "@started", "@duration", "@url", "@requestHeaders",
        "@status", "@responseHeaders", "@body", "@binary", "@truncated", "@error", "@errorMessage", "@succeeded", "@next");

    // A scheduled try (or a test's only one) decides the delivery's status, while its lease is still the one the try was
    // made under (a test's row has none). A delivery cancelled meanwhile (webhook disabled) has no lease any more and stays
    // cancelled; one claimed again after the lease expired is the new holder's: for both, only the attempt counts (below).
    private readonly DbCommand _updateScheduled = Sql.Command(connection, $"""
        UPDATE Deliveries SET
            Attempts = Attempts + 1,
            NextAttemptAt = CASE WHEN @status = {SqlStatus.Pending} THEN CAST(@next AS BIGINT) ELSE NULL END,
            Status = @status, LeaseOwner = NULL, LeaseExpiresAt = NULL,
            LastStatusCode = @code, LastDurationMs = @duration, LastAttemptAt = @started, LastError = @error
        WHERE Id = @id AND Status = {SqlStatus.Pending} AND LeaseOwner IS NOT DISTINCT FROM CAST(@lease AS TEXT)
        """, "@status", "@next", "@lease", "@code", "@duration", "@started", "@error", "@id");

    // The try's lease was lost (or the delivery ended meanwhile): the attempt still counts, the state stays the holder's.
    private readonly DbCommand _countOnly = Sql.Command(connection, "UPDATE Deliveries SET Attempts = Attempts + 1 WHERE Id = @id", "@id");

    // A resend leaves the schedule alone: a pending delivery stays the dispatcher's; an ended one that now got through is done.
    private readonly DbCommand _updateResent = Sql.Command(connection, $"""
        UPDATE Deliveries SET
            Attempts = Attempts + 1,
            Status = CASE WHEN @succeeded AND Status IN ({SqlStatus.Failed}, {SqlStatus.Cancelled}) THEN {SqlStatus.Succeeded} ELSE Status END,
            LastStatusCode = @code, LastDurationMs = @duration, LastAttemptAt = @started, LastError = @error
        WHERE Id = @id
        """, "@succeeded", "@code", "@duration", "@started", "@error", "@id");

    private readonly DbCommand _clearFailing = Sql.Command(connection,
        "UPDATE Webhooks SET FailingSince = NULL WHERE Id = @webhook AND FailingSince IS NOT NULL", "@webhook");

    private readonly DbCommand _markFailing = Sql.Command(connection,
        "UPDATE Webhooks SET FailingSince = @now WHERE Id = @webhook AND FailingSince IS NULL", "@webhook", "@now");

    private readonly DbCommand _disable = Sql.Command(connection, $"""
        UPDATE Webhooks SET Status = {SqlStatus.WebhookDisabled}, DisabledReason = @reason, DisabledAt = @now, UpdatedAt = @now
        WHERE Id = @webhook AND Status = {SqlStatus.WebhookActive} AND (@force OR FailingSince <= @threshold)
        """, "@webhook", "@reason", "@now", "@force", "@threshold");

    private const string Cancelled = "NextAttemptAt = NULL, LeaseOwner = NULL, LeaseExpiresAt = NULL";

    private readonly DbCommand _cancelWebhookDeliveries = Sql.Command(connection,
        $"UPDATE Deliveries SET Status = {SqlStatus.Cancelled}, {Cancelled} WHERE WebhookId = @webhook AND Status = {SqlStatus.Pending}", "@webhook");

    private readonly DbCommand _cancel = Sql.Command(connection,
        $"UPDATE Deliveries SET Status = {SqlStatus.Cancelled}, {Cancelled} WHERE Id = @id AND Status = {SqlStatus.Pending}", "@id");

    private readonly DbCommand _release = Sql.Command(connection,
        "UPDATE Deliveries SET LeaseOwner = NULL, LeaseExpiresAt = NULL WHERE Id = @id AND LeaseOwner = @lease", "@id", "@lease");

    /// <summary>What applying an item did: an attempt row was written, and its webhook was disabled by it.</summary>
    public readonly record struct Applied(bool Recorded, bool Disabled);

    /// <summary>Applies one item inside <paramref name="tx"/>.</summary>
    public Applied Apply(DbTransaction tx, EventRows rows, WriteItem item, TimeSpan disableAfterFailing)
    {
        var id = item.Delivery.Id;
        switch (item)
        {
            case CancelItem:
                Run(_cancel, tx, ("@id", id));
                return default;
            case ReleaseItem:
                Run(_release, tx, ("@id", id), ("@lease", item.Delivery.Lease));
                return default;
            case AttemptItem a:
                if (a.TestEvent is { } test) InsertTestRows(tx, rows, a.Delivery, test);
                // Gone meanwhile (purged by retention while a resend was on the wire): nothing left to record on.
                if (UpdateDelivery(tx, a, id) == 0) return default;
                InsertAttempt(tx, a, id);
                return new Applied(true, UpdateHealth(tx, a, disableAfterFailing));
            default:
                throw new ArgumentOutOfRangeException(nameof(item));
        }
    }

    /// <summary>A test's event and its one delivery, never due (so never claimed); its attempt then ends it.</summary>
    private static void InsertTestRows(DbTransaction tx, EventRows rows, ClaimedDelivery d, TestEvent test)
    {
        rows.InsertEvent(tx, test.Id, d.AccountId, test.Name, test.Payload, test.CreatedAt, idempotencyKey: null, deliveries: 1, d.TraceParent);
        rows.InsertDelivery(tx, d.Id, d.AccountId, test.Id, d.WebhookId, test.Name, test.CreatedAt, next: null);
    }

    private int UpdateDelivery(DbTransaction tx, AttemptItem a, Guid id)
    {
        var o = a.Outcome;
        if (a.Trigger == AttemptTrigger.Resend)
            return Run(_updateResent, tx, ("@succeeded", o.Succeeded), ("@code", o.ResponseStatus), ("@duration", o.DurationMs),
                ("@started", Sql.Ticks(o.StartedAt)), ("@error", o.LastError), ("@id", id));
        var moved = Run(_updateScheduled, tx, ("@status", (int)a.Decision.Status), ("@next", Sql.Ticks(a.Decision.NextAttemptAt)),
            ("@lease", a.Delivery.Lease), ("@code", o.ResponseStatus), ("@duration", o.DurationMs), ("@started", Sql.Ticks(o.StartedAt)),
            ("@error", o.LastError), ("@id", id));
        return moved > 0 ? moved : Run(_countOnly, tx, ("@id", id));
    }

    private void InsertAttempt(DbTransaction tx, AttemptItem a, Guid id)
    {
        var (d, o) = (a.Delivery, a.Outcome);
        Run(_insertAttempt, tx, ("@delivery", id), ("@account", d.AccountId), ("@webhook", d.WebhookId), ("@trigger", (int)a.Trigger),
            ("@started", Sql.Ticks(o.StartedAt)), ("@duration", o.DurationMs), ("@url", d.Url),
            ("@requestHeaders", o.RequestHeaders), ("@status", o.ResponseStatus), ("@responseHeaders", o.ResponseHeaders),
            ("@body", o.ResponseBody), ("@binary", o.ResponseBodyBinary), ("@truncated", o.ResponseBodyTruncated),
            ("@error", (int)o.Error), ("@errorMessage", o.ErrorMessage), ("@succeeded", o.Succeeded), ("@next", Sql.Ticks(a.Decision.NextAttemptAt)));
    }

    /// <summary>
    /// Any success clears the failing run; a failure starts one, and disables on 410 or after failing too long. True when
    /// this attempt disabled the webhook.
    /// </summary>
    private bool UpdateHealth(DbTransaction tx, AttemptItem a, TimeSpan disableAfterFailing)
    {
        var webhook = a.Delivery.WebhookId;
        if (a.Outcome.Succeeded)
        {
            Run(_clearFailing, tx, ("@webhook", webhook));
            return false;
        }
        var now = Sql.Ticks(a.Now);
        Run(_markFailing, tx, ("@webhook", webhook), ("@now", now));
        var reason = a.Decision.DisableReason ?? RetryPolicy.FailingReason(disableAfterFailing);
        var disabled = Run(_disable, tx, ("@webhook", webhook), ("@reason", reason), ("@now", now),
            ("@force", a.Decision.DisableReason is not null), ("@threshold", Sql.Ticks(a.Now - disableAfterFailing)));
        // A disabled webhook gets nothing more: its waiting deliveries end as cancelled.
        if (disabled > 0) Run(_cancelWebhookDeliveries, tx, ("@webhook", webhook));
        return disabled > 0;
    }

    public void Dispose()
    {
        foreach (var command in new[] { _insertAttempt, _updateScheduled, _countOnly, _updateResent, _clearFailing, _markFailing, _disable, _cancelWebhookDeliveries, _cancel, _release })
            command.Dispose();
    }

    private static int Run(DbCommand command, DbTransaction tx, params (string Name, object? Value)[] values) =>
        Sql.Bind(command, tx, values).ExecuteNonQuery();
}
