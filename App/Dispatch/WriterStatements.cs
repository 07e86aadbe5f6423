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
    // Nothing is inserted for a delivery gone meanwhile (purged by retention while a resend was on the wire). Nullable
    // values are cast: selected (not VALUES), PostgreSQL could not tell their types from the target columns.
    private readonly DbCommand _insertAttempt = Sql.Command(connection, """
        INSERT INTO Attempts (DeliveryId, AccountId, WebhookId, Number, Trigger, StartedAt, DurationMs, Url, RequestHeaders,
            ResponseStatus, ResponseHeaders, ResponseBody, ResponseBodyBinary, ResponseBodyTruncated, Error, ErrorMessage, Succeeded, NextAttemptAt)
        SELECT @delivery, @account, @webhook, Attempts, @trigger, @started, @duration, @url, @requestHeaders,
            CAST(@status AS INTEGER), CAST(@responseHeaders AS TEXT), CAST(@body AS TEXT), @binary, @truncated, @error,
            CAST(@errorMessage AS TEXT), @succeeded, CAST(@next AS BIGINT)
        FROM Deliveries WHERE Id = @delivery
        """, "@delivery", "@account", "@webhook", "@trigger", "@started", "@duration", "@url", "@requestHeaders",
        "@status", "@responseHeaders", "@body", "@binary", "@truncated", "@error", "@errorMessage", "@succeeded", "@next");

    // A scheduled try (or a test's only one) decides the delivery's status while its lease is still the one the try was
    // made under (a test's row has none). A delivery cancelled meanwhile (webhook disabled) has no lease any more and stays
    // cancelled; one claimed again after the lease expired is the new holder's: for both, only the attempt counts.
    // One statement either way, so a batch needs no answer before its next statement.
    private static readonly string Holds = $"(Status = {SqlStatus.Pending} AND LeaseOwner IS NOT DISTINCT FROM CAST(@lease AS TEXT))";

    private readonly DbCommand _updateScheduled = Sql.Command(connection, $"""
        UPDATE Deliveries SET
            Attempts = Attempts + 1,
            NextAttemptAt = CASE WHEN {Holds} THEN (CASE WHEN @status = {SqlStatus.Pending} THEN CAST(@next AS BIGINT) ELSE NULL END) ELSE NextAttemptAt END,
            Status = CASE WHEN {Holds} THEN @status ELSE Status END,
            LeaseOwner = CASE WHEN {Holds} THEN NULL ELSE LeaseOwner END,
            LeaseExpiresAt = CASE WHEN {Holds} THEN NULL ELSE LeaseExpiresAt END,
            LastStatusCode = CASE WHEN {Holds} THEN CAST(@code AS INTEGER) ELSE LastStatusCode END,
            LastDurationMs = CASE WHEN {Holds} THEN @duration ELSE LastDurationMs END,
            LastAttemptAt = CASE WHEN {Holds} THEN @started ELSE LastAttemptAt END,
            LastError = CASE WHEN {Holds} THEN CAST(@error AS TEXT) ELSE LastError END
        WHERE Id = @id
        """, "@status", "@next", "@lease", "@code", "@duration", "@started", "@error", "@id");

    // A resend that got a 2xx ends the delivery, whatever its state: a retrying one's schedule ends with it (a scheduled try
    // still in flight then changes nothing, its lease being gone). A failed resend leaves the schedule alone: a pending
    // delivery stays the dispatcher's.
    private readonly DbCommand _updateResent = Sql.Command(connection, $"""
        UPDATE Deliveries SET
            Attempts = Attempts + 1,
            Status = CASE WHEN @succeeded THEN {SqlStatus.Succeeded} ELSE Status END,
            NextAttemptAt = CASE WHEN @succeeded THEN NULL ELSE NextAttemptAt END,
            LeaseOwner = CASE WHEN @succeeded THEN NULL ELSE LeaseOwner END,
            LeaseExpiresAt = CASE WHEN @succeeded THEN NULL ELSE LeaseExpiresAt END,
            LastStatusCode = CAST(@code AS INTEGER), LastDurationMs = @duration, LastAttemptAt = @started, LastError = CAST(@error AS TEXT)
        WHERE Id = @id
        """, "@succeeded", "@code", "@duration", "@started", "@error", "@id");

    private readonly DbCommand _clearFailing = Sql.Command(connection,
        "UPDATE Webhooks SET FailingSince = NULL WHERE Id = @webhook AND FailingSince IS NOT NULL", "@webhook");

    // A failure of a delivery gone meanwhile has nothing left to record on, and counts for nothing.
    private const string DeliveryKept = "EXISTS (SELECT 1 FROM Deliveries WHERE Id = @delivery)";

    private readonly DbCommand _markFailing = Sql.Command(connection,
        $"UPDATE Webhooks SET FailingSince = @now WHERE Id = @webhook AND FailingSince IS NULL AND {DeliveryKept}", "@webhook", "@now", "@delivery");

    private readonly DbCommand _disable = Sql.Command(connection, $"""
        UPDATE Webhooks SET Status = {SqlStatus.WebhookDisabled}, DisabledReason = @reason, DisabledAt = @now, UpdatedAt = @now
        WHERE Id = @webhook AND Status = {SqlStatus.WebhookActive} AND (@force OR FailingSince <= @threshold) AND {DeliveryKept}
        """, "@webhook", "@reason", "@now", "@force", "@threshold", "@delivery");

    private const string Cancelled = "NextAttemptAt = NULL, LeaseOwner = NULL, LeaseExpiresAt = NULL";

    // A disabled webhook gets nothing more: its waiting deliveries end as cancelled, once the statement above disabled it
    // (its time is this try's).
    private readonly DbCommand _cancelWebhookDeliveries = Sql.Command(connection, $"""
        UPDATE Deliveries SET Status = {SqlStatus.Cancelled}, {Cancelled}
        WHERE WebhookId = @webhook AND Status = {SqlStatus.Pending}
          AND EXISTS (SELECT 1 FROM Webhooks WHERE Id = @webhook AND Status = {SqlStatus.WebhookDisabled} AND DisabledAt = @now)
        """, "@webhook", "@now");

    private readonly DbCommand _cancel = Sql.Command(connection,
        $"UPDATE Deliveries SET Status = {SqlStatus.Cancelled}, {Cancelled} WHERE Id = @id AND Status = {SqlStatus.Pending}", "@id");

    private readonly DbCommand _release = Sql.Command(connection,
        "UPDATE Deliveries SET LeaseOwner = NULL, LeaseExpiresAt = NULL WHERE Id = @id AND LeaseOwner = @lease", "@id", "@lease");

    /// <summary>
    /// Where an item's telling statements sit in the batch (-1: none): its attempt insert changed a row when the attempt was
    /// recorded; its disable, when this attempt disabled the webhook.
    /// </summary>
    public readonly record struct Positions(int Insert, int Disable)
    {
        public static readonly Positions None = new(-1, -1);

        public bool Recorded(int[] changed) => Insert >= 0 && changed[Insert] > 0;

        public bool Disabled(int[] changed) => Disable >= 0 && changed[Disable] > 0;
    }

    /// <summary>Queues one item's statements on <paramref name="batch"/>. A test's event and delivery are written at once.</summary>
    public Positions Add(StatementBatch batch, EventRows rows, WriteItem item, TimeSpan disableAfterFailing)
    {
        var id = item.Delivery.Id;
        switch (item)
        {
            case CancelItem:
                batch.Add(_cancel, ("@id", id));
                return Positions.None;
            case ReleaseItem:
                batch.Add(_release, ("@id", id), ("@lease", item.Delivery.Lease));
                return Positions.None;
            case AttemptItem a:
                if (a.TestEvent is { } test) AddTestRows(batch, rows, a.Delivery, test);
                AddDeliveryUpdate(batch, a, id);
                var inserted = AddAttempt(batch, a, id);
                return new Positions(inserted, AddHealth(batch, a, disableAfterFailing));
            default:
                throw new ArgumentOutOfRangeException(nameof(item));
        }
    }

    /// <summary>A test's event and its one delivery, never due (so never claimed); its attempt then ends it.</summary>
    private static void AddTestRows(StatementBatch batch, EventRows rows, ClaimedDelivery d, TestEvent test)
    {
        rows.AddEvent(batch, test.Id, d.AccountId, test.Name, test.Payload, test.CreatedAt, idempotencyKey: null, deliveries: 1, d.TraceParent);
        rows.AddDelivery(batch, new DeliveryRow(d.Id, d.AccountId, test.Id, d.WebhookId, test.Name, test.CreatedAt, Next: null));
    }

    private void AddDeliveryUpdate(StatementBatch batch, AttemptItem a, Guid id)
    {
        var o = a.Outcome;
        if (a.Trigger == AttemptTrigger.Resend)
            batch.Add(_updateResent, ("@succeeded", o.Succeeded), ("@code", o.ResponseStatus), ("@duration", o.DurationMs),
                ("@started", Sql.Ticks(o.StartedAt)), ("@error", o.LastError), ("@id", id));
        else
            batch.Add(_updateScheduled, ("@status", (int)a.Decision.Status), ("@next", Sql.Ticks(a.Decision.NextAttemptAt)),
                ("@lease", a.Delivery.Lease), ("@code", o.ResponseStatus), ("@duration", o.DurationMs), ("@started", Sql.Ticks(o.StartedAt)),
                ("@error", o.LastError), ("@id", id));
    }

    private int AddAttempt(StatementBatch batch, AttemptItem a, Guid id)
    {
        var (d, o) = (a.Delivery, a.Outcome);
        return batch.Add(_insertAttempt, ("@delivery", id), ("@account", d.AccountId), ("@webhook", d.WebhookId), ("@trigger", (int)a.Trigger),
            ("@started", Sql.Ticks(o.StartedAt)), ("@duration", o.DurationMs), ("@url", d.Url),
            ("@requestHeaders", o.RequestHeaders), ("@status", o.ResponseStatus), ("@responseHeaders", o.ResponseHeaders),
            ("@body", o.ResponseBody), ("@binary", o.ResponseBodyBinary), ("@truncated", o.ResponseBodyTruncated),
            ("@error", (int)o.Error), ("@errorMessage", o.ErrorMessage), ("@succeeded", o.Succeeded), ("@next", Sql.Ticks(a.Decision.NextAttemptAt)));
    }

    /// <summary>
    /// Any success clears the failing run; a failure starts one, and disables on 410 or after failing too long. The position
    /// of the disable (-1 after a success).
    /// </summary>
    private int AddHealth(StatementBatch batch, AttemptItem a, TimeSpan disableAfterFailing)
    {
        var webhook = a.Delivery.WebhookId;
        if (a.Outcome.Succeeded)
        {
            batch.Add(_clearFailing, ("@webhook", webhook));
            return -1;
        }
        var now = Sql.Ticks(a.Now);
        batch.Add(_markFailing, ("@webhook", webhook), ("@now", now), ("@delivery", a.Delivery.Id));
        var reason = a.Decision.DisableReason ?? RetryPolicy.FailingReason(disableAfterFailing);
        var disable = batch.Add(_disable, ("@webhook", webhook), ("@reason", reason), ("@now", now), ("@force", a.Decision.DisableReason is not null),
            ("@threshold", Sql.Ticks(a.Now - disableAfterFailing)), ("@delivery", a.Delivery.Id));
        batch.Add(_cancelWebhookDeliveries, ("@webhook", webhook), ("@now", now));
        return disable;
    }

    public void Dispose()
    {
        foreach (var command in new[] { _insertAttempt, _updateScheduled, _updateResent, _clearFailing, _markFailing, _disable, _cancelWebhookDeliveries, _cancel, _release })
            command.Dispose();
    }
}
