using Dashboard.Dispatch;
using Dashboard.Data;
using Dashboard.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Webhooks;

/// <summary>The outcome of a create or update: the saved webhook, or the messages per field and nothing saved.</summary>
public sealed record WebhookSaveResult(Webhook? Webhook, ValidationErrors Errors)
{
    public bool Succeeded => Webhook is not null;
}

/// <summary>
/// Every read and write of webhooks, always within one account: an id of another account reads as "not found".
/// The settings pages and the REST API both go through here, so they share the rules.
/// </summary>
public sealed class WebhookService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, DashboardMetrics? metrics = null)
{
    public static readonly TimeSpan PreviousSecretLifetime = TimeSpan.FromHours(24);
    public const string DuplicateUrlMessage = "A webhook with this URL already exists in this account.";

    public async Task<IReadOnlyList<Webhook>> ListAsync(int accountId, string? search = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.WebhooksOf(accountId).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            query = query.Where(w => w.Url.ToLower().Contains(term) || (w.Name != null && w.Name.ToLower().Contains(term)));
        }
        return await query.OrderBy(w => w.Id).ToListAsync(ct);
    }

    public async Task<Webhook?> FindAsync(int accountId, int webhookId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhooksOf(accountId).AsNoTracking().FirstOrDefaultAsync(w => w.Id == webhookId, ct);
    }

    public async Task<WebhookSaveResult> CreateAsync(int accountId, WebhookInput input, CancellationToken ct = default)
    {
        var errors = WebhookRules.Validate(input);
        if (!errors.IsValid) return new(null, errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var url = input.Url!.Trim();
        if (await db.WebhooksOf(accountId).AnyAsync(w => w.Url == url, ct)) return Duplicate();

        var now = time.GetUtcNow().UtcDateTime;
        var webhook = new Webhook
        {
            AccountId = accountId,
            Url = url,
            Name = NormalizeName(input.Name),
            Subscriptions = [.. input.Subscriptions!],
            Secret = WebhookSecret.Generate(),
            Status = WebhookStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Webhooks.Add(webhook);
        return await SaveAsync(db, webhook, ct);
    }

    /// <summary>Changes URL, name and events; fields left null keep their value (the API's PATCH).</summary>
    public Task<WebhookSaveResult?> UpdateAsync(int accountId, int webhookId, WebhookInput input, CancellationToken ct = default) =>
        UpdateAsync(accountId, webhookId, input, rotation: null, ct);

    /// <summary>As above, with a <paramref name="rotation"/> chosen in the Edit modal: saved with the fields, or not at all.</summary>
    public async Task<WebhookSaveResult?> UpdateAsync(int accountId, int webhookId, WebhookInput input, SecretRotation? rotation, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var webhook = await db.WebhooksOf(accountId).FirstOrDefaultAsync(w => w.Id == webhookId, ct);
        if (webhook is null) return null;

        var merged = new WebhookInput(input.Url ?? webhook.Url, input.Name ?? webhook.Name, input.Subscriptions ?? webhook.Subscriptions);
        var errors = WebhookRules.Validate(merged);
        if (!errors.IsValid) return new(null, errors);

        var url = merged.Url!.Trim();
        if (await db.WebhooksOf(accountId).AnyAsync(w => w.Url == url && w.Id != webhookId, ct)) return Duplicate();

        webhook.Url = url;
        webhook.Name = NormalizeName(merged.Name);
        webhook.Subscriptions = [.. merged.Subscriptions!];
        webhook.UpdatedAt = time.GetUtcNow().UtcDateTime;
        rotation?.ApplyTo(webhook, webhook.UpdatedAt);
        return await SaveAsync(db, webhook, ct);
    }

    public async Task<bool> DeleteAsync(int accountId, int webhookId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhooksOf(accountId).Where(w => w.Id == webhookId).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>
    /// New secret now; by default the old one keeps signing for 24 h so receivers can switch without losing events
    /// (<paramref name="rotation"/> may expire it at once instead, for a leaked secret).
    /// </summary>
    public Task<Webhook?> RotateSecretAsync(int accountId, int webhookId, CancellationToken ct = default) =>
        RotateSecretAsync(accountId, webhookId, rotation: null, ct);

    public async Task<Webhook?> RotateSecretAsync(int accountId, int webhookId, SecretRotation? rotation, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var webhook = await db.WebhooksOf(accountId).FirstOrDefaultAsync(w => w.Id == webhookId, ct);
        if (webhook is null) return null;
        (rotation ?? SecretRotation.Choose(expirePreviousNow: false)).ApplyTo(webhook, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return webhook;
    }

    /// <summary>Disables with a reason shown to the admin, or re-enables (clearing the failure record).</summary>
    public async Task<Webhook?> SetStatusAsync(int accountId, int webhookId, WebhookStatus status, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var webhook = await db.WebhooksOf(accountId).FirstOrDefaultAsync(w => w.Id == webhookId, ct);
        if (webhook is null) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var disabling = status == WebhookStatus.Disabled && webhook.Status != WebhookStatus.Disabled;
        webhook.Status = status;
        webhook.DisabledReason = status == WebhookStatus.Disabled ? reason : null;
        webhook.DisabledAt = status == WebhookStatus.Disabled ? now : null;
        webhook.FailingSince = null;
        webhook.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        if (disabling) metrics?.WebhookDisabled(DisableReason.Admin);
        return webhook;
    }

    private static async Task<WebhookSaveResult> SaveAsync(AppDbContext db, Webhook webhook, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return new(webhook, new ValidationErrors());
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Two saves raced past the check above; the unique index decides.
            return Duplicate();
        }
    }

    private static WebhookSaveResult Duplicate() => new(null, new ValidationErrors { [WebhookRules.Url] = DuplicateUrlMessage });

    private static string? NormalizeName(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim();
}
