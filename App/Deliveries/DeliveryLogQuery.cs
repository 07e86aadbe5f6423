using Dashboard.Webhooks;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Deliveries;

/// <summary>A webhook as the log's filter lists it.</summary>
public sealed record WebhookChoice(int Id, string Label);

/// <summary>
/// Reads the delivery log of one account, newest first, 50 rows a page. Paging is by keyset on the time-ordered
/// delivery id (never OFFSET, never a COUNT of the table), so the last page costs what the first does.
/// </summary>
public sealed class DeliveryLogQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int PageSize = 50;

    /// <summary>The account's webhooks as the log's filter offers them.</summary>
    public async Task<IReadOnlyList<WebhookChoice>> WebhookChoicesAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.WebhooksOf(accountId).AsNoTracking().OrderBy(w => w.Id)
            .Select(w => new { w.Id, w.Name, w.Url }).ToListAsync(ct);
        return rows.Select(w => new WebhookChoice(w.Id, Webhook.LabelOf(w.Name, w.Url, w.Id))).ToList();
    }

    public async Task<DeliveryLogPage> PageAsync(int accountId, DeliveryLogFilter filter, DeliveryLogCursor? cursor = null, CancellationToken ct = default)
    {
        if (!filter.TryParseSearch(out var search)) return DeliveryLogPage.Invalid(DeliveryLogFilter.SearchMessage);
        if (filter.From is { } from && filter.To is { } to && from >= to) return DeliveryLogPage.Invalid("The start of the time range must be before its end.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ranges = Ranges(db, accountId, filter, search);

        // One row more than a page tells whether another page lies beyond, without counting.
        List<Delivery> rows;
        if (cursor is { Newer: true })
        {
            rows = await TakeMergedAsync(ranges.Select(q => q.Where(d => d.Id.CompareTo(cursor.Id) > 0).OrderBy(d => d.Id)), newestFirst: false, ct);
            var moreNewer = rows.Count > PageSize;
            rows = rows.Take(PageSize).Reverse().ToList();
            return await PageOfAsync(db, accountId, rows, olderExists: rows.Count > 0, newerExists: moreNewer, ct);
        }

        if (cursor is not null) ranges = ranges.Select(q => q.Where(d => d.Id.CompareTo(cursor.Id) < 0)).ToList();
        rows = await TakeMergedAsync(ranges.Select(q => q.OrderByDescending(d => d.Id)), newestFirst: true, ct);
        var moreOlder = rows.Count > PageSize;
        rows = rows.Take(PageSize).ToList();
        return await PageOfAsync(db, accountId, rows, olderExists: moreOlder, newerExists: cursor is not null && rows.Count > 0, ct);
    }

    /// <summary>
    /// The filter as SQL, one query per status unless the filter names one: the log's indexes lead with
    /// (AccountId or WebhookId, Status, Id), so each of these ranges is read in id order, and a page is merged from them.
    /// An index on (AccountId or WebhookId, Id) would serve it in one range, but the dispatcher writes every index on
    /// every delivery: those two cost ~15 % of its commits (bench/where-the-time-goes.md). Exposed so tests can check plans.
    /// </summary>
    internal static IReadOnlyList<IQueryable<Delivery>> Ranges(AppDbContext db, int accountId, DeliveryLogFilter filter, LogSearch? search)
    {
        var query = Filtered(db, accountId, filter, search);
        // A chat id's deliveries come by event id, not in id order: one query, whose sort is of those rows only.
        if (filter.Status is not null || search?.ChatId is not null) return [query];
        return Enum.GetValues<DeliveryStatus>().Select(status => query.Where(d => d.Status == status)).ToList();
    }

    /// <summary>The first page + 1 rows of each ordered range, merged in id order (ids are time-ordered text).</summary>
    private static async Task<List<Delivery>> TakeMergedAsync(IEnumerable<IQueryable<Delivery>> orderedRanges, bool newestFirst, CancellationToken ct)
    {
        var rows = new List<Delivery>();
        foreach (var range in orderedRanges) rows.AddRange(await range.Take(PageSize + 1).ToListAsync(ct));
        var merged = newestFirst
            ? rows.OrderByDescending(d => d.Id.ToString(), StringComparer.Ordinal)
            : rows.OrderBy(d => d.Id.ToString(), StringComparer.Ordinal);
        return merged.Take(PageSize + 1).ToList();
    }

    private static IQueryable<Delivery> Filtered(AppDbContext db, int accountId, DeliveryLogFilter filter, LogSearch? search)
    {
        var query = Source(db, search).OfAccount(accountId).AsNoTracking();
        if (filter.WebhookId is int webhookId) query = query.Where(d => d.WebhookId == webhookId);
        if (filter.Status is DeliveryStatus status) query = query.Where(d => d.Status == status);
        if (!string.IsNullOrWhiteSpace(filter.EventName)) query = query.Where(d => d.EventName == filter.EventName);
        if (filter.From is DateTime from)
        {
            var lower = UuidV7.LowerBound(from);
            query = query.Where(d => d.Id.CompareTo(lower) >= 0);
        }
        if (filter.To is DateTime to)
        {
            var upper = UuidV7.LowerBound(to);
            query = query.Where(d => d.Id.CompareTo(upper) < 0);
        }
        if (search?.Id is Guid id) query = query.Where(d => d.Id == id || d.EventId == id);
        if (search?.ChatId is { } chat)
        {
            // The events that carry this id, from their index (written at ingestion), then their deliveries by event id.
            var ids = db.ChatIdsOf(accountId).Where(c => c.Value == chat.Value);
            if (chat.Kind is { } kind) ids = ids.Where(c => c.Kind == kind);
            var deliveries = query; // not "query" itself: the lambda below would see the reassigned variable
            query = from eventId in ids.Select(c => c.EventId).Distinct()
                    from d in deliveries
                    where d.EventId == eventId
                    select d;
        }
        return query;
    }

    /// <summary>
    /// The deliveries table; for a chat id on SQLite, read through its event id index by name. SQLite has no statistics
    /// unless asked, so it prefers the index with more equal columns (account, status) and would walk the account's whole
    /// log, testing each row. PostgreSQL's statistics choose well.
    /// </summary>
    private static IQueryable<Delivery> Source(AppDbContext db, LogSearch? search) =>
        search?.ChatId is not null && db.Database.IsSqlite()
            ? db.Deliveries.FromSqlRaw("SELECT * FROM Deliveries INDEXED BY IX_Deliveries_EventId")
            : db.Deliveries;

    private static async Task<DeliveryLogPage> PageOfAsync(AppDbContext db, int accountId, List<Delivery> rows, bool olderExists, bool newerExists, CancellationToken ct)
    {
        var webhookIds = rows.Select(r => r.WebhookId).Distinct().ToList();
        var webhooks = await db.WebhooksOf(accountId).AsNoTracking()
            .Where(w => webhookIds.Contains(w.Id))
            .Select(w => new { w.Id, w.Name, w.Url })
            .ToDictionaryAsync(w => w.Id, ct);

        var result = rows.Select(d =>
        {
            var webhook = webhooks.GetValueOrDefault(d.WebhookId);
            return new DeliveryLogRow(d.Id, d.EventId, d.EventName, d.WebhookId, webhook?.Name, webhook?.Url, d.Status, d.LastStatusCode,
                d.Attempts, d.LastDurationMs, d.LastError, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt);
        }).ToList();

        return new DeliveryLogPage(
            result,
            olderExists && result.Count > 0 ? DeliveryLogCursor.OlderThan(result[^1].Id) : null,
            newerExists && result.Count > 0 ? DeliveryLogCursor.NewerThan(result[0].Id) : null);
    }
}
