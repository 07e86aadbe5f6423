using Dashboard.Accounts;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Platform;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> e) => e.Property(a => a.Name).HasMaxLength(255);
}

internal sealed class AccountUserConfiguration : IEntityTypeConfiguration<AccountUser>
{
    public void Configure(EntityTypeBuilder<AccountUser> e)
    {
        e.HasKey(m => new { m.AccountId, m.UserId });
        e.HasIndex(m => m.UserId);
        e.HasOne(m => m.Account).WithMany().HasForeignKey(m => m.AccountId);
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId);
    }
}

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> e) => e.HasIndex(u => u.ApiTokenHash).IsUnique();
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> e)
    {
        e.HasIndex(w => new { w.AccountId, w.Url }).IsUnique();
        e.HasOne<Account>().WithMany().HasForeignKey(w => w.AccountId);
        e.Property(w => w.Url).HasMaxLength(2048);
        e.Property(w => w.Name).HasMaxLength(255);
    }
}

internal sealed class ChatEventConfiguration : IEntityTypeConfiguration<ChatEvent>
{
    public void Configure(EntityTypeBuilder<ChatEvent> e)
    {
        e.ToTable("Events");
        e.Property(x => x.TraceParent).HasMaxLength(55); // version-traceid-spanid-flags: 2+1+32+1+16+1+2
        // Nothing else: every index is written once per event on the hot path. Events are read by id, and their ids are
        // UUID v7, so retention finds "older than" as an id range on the primary key.
        e.HasIndex(x => new { x.AccountId, x.IdempotencyKey }).IsUnique().HasFilter("IdempotencyKey IS NOT NULL");
    }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> e)
    {
        // The log, newest first, per account or per webhook: one id-ordered range per status (DeliveryLogQuery merges them
        // when no status is filtered), and a rare status (Recover's "failed since") never scans the whole log.
        e.HasIndex(d => new { d.AccountId, d.Status, d.Id });
        e.HasIndex(d => new { d.WebhookId, d.Status, d.Id });
        e.HasIndex(d => d.EventId);
        // Only pending work is claimed, so the claim index holds only pending rows. The claim seeks each webhook's oldest
        // pending rows here, so a webhook's backlog never costs another webhook's claim; "when is the next one due" reads it too.
        e.HasIndex(d => new { d.WebhookId, d.NextAttemptAt }).HasDatabaseName("IX_Deliveries_Claim").HasFilter($"Status = {SqlStatus.Pending}");
        // Leased pending rows are only the ones in flight: the dispatcher's "when is the next lease free" reads them here, not the backlog.
        e.HasIndex(d => d.LeaseExpiresAt).HasDatabaseName("IX_Deliveries_Lease").HasFilter($"Status = {SqlStatus.Pending} AND LeaseExpiresAt IS NOT NULL");
    }
}

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> e)
    {
        // An AFTER INSERT trigger keeps WebhookHourlyStats: SQLite's RETURNING cannot be used on such a table.
        e.ToTable(t => t.UseSqlReturningClause(false));
        e.HasIndex(a => new { a.DeliveryId, a.Number });
        // No (WebhookId, StartedAt) index: the webhook stats read WebhookHourlyStats, so each attempt writes one index less.
        e.HasIndex(a => a.StartedAt);
    }
}

internal sealed class WebhookHourlyStatConfiguration : IEntityTypeConfiguration<WebhookHourlyStat>
{
    public void Configure(EntityTypeBuilder<WebhookHourlyStat> e)
    {
        e.ToTable("WebhookHourlyStats");
        // Rows of a webhook in time order: the stats page reads one range of it.
        e.HasKey(s => new { s.WebhookId, s.HourStart, s.LatencyFloorMs });
    }
}

internal sealed class RecoveryRunConfiguration : IEntityTypeConfiguration<RecoveryRun>
{
    public void Configure(EntityTypeBuilder<RecoveryRun> e)
    {
        // One row per webhook: its latest run (the start replaces a finished or abandoned one).
        e.HasKey(r => r.WebhookId);
        e.Property(r => r.WebhookId).ValueGeneratedNever();
        e.Property(r => r.Owner).HasMaxLength(64);
    }
}

internal sealed class EventChatIdConfiguration : IEntityTypeConfiguration<EventChatId>
{
    public void Configure(EntityTypeBuilder<EventChatId> e)
    {
        // The log's search reads one range of it: an account's rows for one number (of one kind, when named), by event.
        e.HasIndex(c => new { c.AccountId, c.Value, c.Kind, c.EventId }).HasDatabaseName("IX_EventChatIds_Search");
        // Nothing else is written per row: the key grows in insertion (time) order, which is how retention purges.
    }
}

internal sealed class PlatformAppConfiguration : IEntityTypeConfiguration<PlatformApp>
{
    public void Configure(EntityTypeBuilder<PlatformApp> e)
    {
        e.Property(a => a.Name).HasMaxLength(255);
        e.HasIndex(a => a.TokenHash).IsUnique();
        e.HasIndex(a => a.PreviousTokenHash);
    }
}

internal sealed class PlatformAppAccountConfiguration : IEntityTypeConfiguration<PlatformAppAccount>
{
    public void Configure(EntityTypeBuilder<PlatformAppAccount> e)
    {
        e.HasKey(g => new { g.PlatformAppId, g.AccountId });
        e.HasIndex(g => g.AccountId);
        // Deleting the account or the app ends the grant.
        e.HasOne<PlatformApp>().WithMany().HasForeignKey(g => g.PlatformAppId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Account>().WithMany().HasForeignKey(g => g.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlatformAppUserConfiguration : IEntityTypeConfiguration<PlatformAppUser>
{
    public void Configure(EntityTypeBuilder<PlatformAppUser> e)
    {
        e.HasKey(g => new { g.PlatformAppId, g.UserId });
        e.HasIndex(g => g.UserId);
        e.HasOne<PlatformApp>().WithMany().HasForeignKey(g => g.PlatformAppId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserNumberConfiguration : IEntityTypeConfiguration<UserNumber>
{
    public void Configure(EntityTypeBuilder<UserNumber> e)
    {
        e.HasKey(n => n.Number);
        e.Property(n => n.Number).ValueGeneratedOnAdd();
        e.HasIndex(n => n.UserId).IsUnique();
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
