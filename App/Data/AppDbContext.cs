using Dashboard.Accounts;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Platform;
using Dashboard.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Data;

/// <summary>
/// The app's context; on SQLite it is used as it is (its migrations are in <c>Data/Migrations</c>). PostgreSQL uses
/// <see cref="PostgreSqlDbContext"/>, the same model with its own migrations.
/// </summary>
public partial class AppDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options) : base(options) { }

    // For derived contexts, whose options are typed for themselves. Protected: the container and EF's context factory
    // need exactly one public constructor, or they refuse to make the context ("multiple constructors accepting...").
    protected AppDbContext(DbContextOptions options) : base(options) { }

    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountUser> AccountUsers => Set<AccountUser>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<ChatEvent> Events => Set<ChatEvent>();
    public DbSet<EventChatId> EventChatIds => Set<EventChatId>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<Attempt> Attempts => Set<Attempt>();
    public DbSet<WebhookHourlyStat> WebhookHourlyStats => Set<WebhookHourlyStat>();
    public DbSet<RecoveryRun> RecoveryRuns => Set<RecoveryRun>();
    public DbSet<PlatformApp> PlatformApps => Set<PlatformApp>();
    public DbSet<PlatformAppAccount> PlatformAppAccounts => Set<PlatformAppAccount>();
    public DbSet<PlatformAppUser> PlatformAppUsers => Set<PlatformAppUser>();
    public DbSet<UserNumber> UserNumbers => Set<UserNumber>();

    /// <summary>The shared Data Protection key ring (<see cref="KeyRingSetup"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are UTC ticks (INTEGER): they compare and sort in SQL, and raw ADO.NET on the hot path writes the same.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
