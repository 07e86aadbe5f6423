using System.Text.Json;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Dispatch;

/// <summary>
/// Takes due work from the database with a lease, so a crashed dispatcher's work comes back when the lease expires.
/// Raw ADO.NET: this runs on every wake-up.
/// </summary>
public sealed class DeliveryClaims(IDbContextFactory<AppDbContext> dbFactory, SqliteWriteGate? writeGate = null) : IDisposable
{
    /// <summary>The in-process write gate shared with the publisher and the attempt writer (see <see cref="SqliteWriteGate"/>).</summary>
    public SqliteWriteGate WriteGate { get; } = writeGate ?? new SqliteWriteGate();

    // One connection and prepared statements for the claim loop, which claims many times a second under load.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ClaimStatements? _statements;

    private readonly Lazy<string> _connectionString = new(() =>
    {
        using var db = dbFactory.CreateDbContext();
        return db.Database.GetConnectionString()!;
    });

    public string ConnectionString => _connectionString.Value;

    /// <summary>
    /// Leases up to <paramref name="limit"/> due deliveries, at most <paramref name="perWebhook"/> minus <paramref name="busy"/>
    /// per webhook, oldest first: one webhook's backlog cannot take the slots of the others.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string owner, DateTime now, DateTime leaseExpires, int limit,
        int perWebhook, IReadOnlyDictionary<int, int> busy, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var statements = _statements ??= new ClaimStatements(await Sql.OpenAsync(ConnectionString, ct));
            return await ClaimAsync(statements, owner, now, leaseExpires, limit, perWebhook, busy, ct);
        }
        catch
        {
            // A broken connection is not reused: the next claim opens a fresh one.
            _statements?.Dispose();
            _statements = null;
            throw;
        }
        finally { _gate.Release(); }
    }

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(ClaimStatements statements, string owner, DateTime now,
        DateTime leaseExpires, int limit, int perWebhook, IReadOnlyDictionary<int, int> busy, CancellationToken ct)
    {
        var candidates = new List<(string Id, int WebhookId, long Due)>();
        var command = statements.Candidates;
        {
            Sql.Set(command, "$now", Sql.Ticks(now));
            Sql.Set(command, "$cap", perWebhook);
            Sql.Set(command, "$full", JsonSerializer.Serialize(busy.Where(b => b.Value >= perWebhook).Select(b => b.Key)));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) candidates.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        }
        // Oldest first across webhooks when the global limit cannot take them all; each webhook only up to its free slots.
        var taken = new Dictionary<int, int>(busy);
        var picked = new List<string>();
        foreach (var (id, webhook, _) in candidates.OrderBy(c => c.Due))
        {
            if (picked.Count >= limit) break;
            if (taken.GetValueOrDefault(webhook) >= perWebhook) continue;
            taken[webhook] = taken.GetValueOrDefault(webhook) + 1;
            picked.Add(id);
        }
        if (picked.Count == 0) return [];

        var ids = new List<string>(picked.Count);
        var claim = statements.Claim;
        using (await WriteGate.EnterAsync(CancellationToken.None))
        {
            Sql.Set(claim, "$owner", owner);
            Sql.Set(claim, "$expires", Sql.Ticks(leaseExpires));
            Sql.Set(claim, "$now", Sql.Ticks(now));
            Sql.Set(claim, "$ids", JsonSerializer.Serialize(picked));
            await using var reader = await claim.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        }
        if (ids.Count == 0) return [];

        var claimed = new List<ClaimedDelivery>(ids.Count);
        var details = statements.Details;
        Sql.Set(details, "$ids", JsonSerializer.Serialize(ids));
        await using var rows = await details.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            var active = !rows.IsDBNull(5) && rows.GetInt32(5) == (int)Webhooks.WebhookStatus.Active;
            // The previous secret signs only until its expiry; after that receivers must have switched.
            var previousValid = !rows.IsDBNull(8) && Sql.ReadTime(rows, 9) is { } expires && expires > now;
            claimed.Add(new ClaimedDelivery(
                rows.GetGuid(0), rows.GetInt32(1), rows.GetInt32(2), rows.GetInt32(3), rows.GetString(4), active,
                rows.IsDBNull(6) ? "" : rows.GetString(6), rows.IsDBNull(7) ? "" : rows.GetString(7),
                previousValid ? rows.GetString(8) : null));
        }
        return claimed;
    }

    /// <summary>When the next pending delivery becomes claimable (due and unleased), or null when none is pending.</summary>
    public async Task<DateTime?> NextDueAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var statements = _statements ??= new ClaimStatements(await Sql.OpenAsync(ConnectionString, ct));
            return await statements.NextDue.ExecuteScalarAsync(ct) is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;
        }
        catch
        {
            _statements?.Dispose();
            _statements = null;
            throw;
        }
        finally { _gate.Release(); }
    }

    public void Dispose()
    {
        _statements?.Dispose();
        _gate.Dispose();
    }
}
