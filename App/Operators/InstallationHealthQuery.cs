using Dashboard.Data;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Operators;

/// <summary>One account's webhooks at a glance: how many, failing, disabled, and the tries of the last 24 h.</summary>
public sealed record AccountHealthRow(int AccountId, string Name, int Webhooks, int Failing, int Disabled, int Tries, int FailedTries)
{
    public int Troubled => Failing + Disabled;
}

/// <summary>The installation in numbers, and the accounts in trouble, worst first.</summary>
public sealed record InstallationHealth(int Accounts, int Webhooks, int Failing, int Disabled, int Tries, int FailedTries, IReadOnlyList<AccountHealthRow> Worst);

/// <summary>
/// Cross-account by design (the operator's view): webhooks grouped per account, tries from the hourly counts that a
/// trigger keeps (so the cost does not grow with the delivery log), names only for the accounts shown.
/// </summary>
public sealed class InstallationHealthQuery(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const int Shown = 25;

    public async Task<InstallationHealth> ReadAsync(CancellationToken ct = default)
    {
        var since = time.GetUtcNow().UtcDateTime.AddHours(-24);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hooks = await db.Webhooks.AsNoTracking().GroupBy(w => w.AccountId)
            .Select(g => new
            {
                AccountId = g.Key, Count = g.Count(),
                Failing = g.Count(w => w.Status == WebhookStatus.Active && w.FailingSince != null),
                Disabled = g.Count(w => w.Status == WebhookStatus.Disabled),
            })
            .ToListAsync(ct);
        var tries = await db.WebhookHourlyStats.AsNoTracking().Where(s => s.HourStart >= since).GroupBy(s => s.AccountId)
            .Select(g => new { AccountId = g.Key, Attempts = g.Sum(s => s.Attempts), Succeeded = g.Sum(s => s.Succeeded) })
            .ToDictionaryAsync(t => t.AccountId, ct);

        var rows = hooks.Select(h =>
        {
            var t = tries.GetValueOrDefault(h.AccountId);
            return new AccountHealthRow(h.AccountId, "", h.Count, h.Failing, h.Disabled, t?.Attempts ?? 0, (t?.Attempts ?? 0) - (t?.Succeeded ?? 0));
        }).ToList();
        var worst = rows.Where(r => r.Troubled > 0 || r.FailedTries > 0)
            .OrderByDescending(r => r.Troubled).ThenByDescending(r => r.FailedTries).ThenBy(r => r.AccountId).Take(Shown).ToList();
        var ids = worst.Select(r => r.AccountId).ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);

        return new(await db.Accounts.CountAsync(ct), rows.Sum(r => r.Webhooks), rows.Sum(r => r.Failing), rows.Sum(r => r.Disabled),
            rows.Sum(r => r.Tries), rows.Sum(r => r.FailedTries),
            worst.Where(r => names.ContainsKey(r.AccountId)).Select(r => r with { Name = names[r.AccountId] }).ToList());
    }
}
