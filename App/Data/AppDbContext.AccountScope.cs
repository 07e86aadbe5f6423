using Dashboard.Accounts;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Platform;
using Dashboard.Webhooks;

namespace Dashboard.Data;

/// <summary>
/// Tenant scoping in one place (svix's <c>secure_find</c>): a query of one account's rows starts from its table's accessor
/// here, so no page, API or service writes the account filter by hand, and none can forget it (a source scan refuses
/// <c>AccountId ==</c> elsewhere). Queries across accounts do not start here and are named as such: the operator console's
/// and the Platform API's <c>AccountDirectory</c> and <c>InstallationHealthQuery</c>, the dispatcher's claims, retention.
/// </summary>
public partial class AppDbContext
{
    public IQueryable<Webhook> WebhooksOf(int accountId) => Webhooks.Where(w => w.AccountId == accountId);

    public IQueryable<ChatEvent> EventsOf(int accountId) => Events.Where(e => e.AccountId == accountId);

    public IQueryable<EventChatId> ChatIdsOf(int accountId) => EventChatIds.Where(c => c.AccountId == accountId);

    public IQueryable<Delivery> DeliveriesOf(int accountId) => Deliveries.OfAccount(accountId);

    public IQueryable<Attempt> AttemptsOf(int accountId) => Attempts.Where(a => a.AccountId == accountId);

    public IQueryable<WebhookHourlyStat> HourlyStatsOf(int accountId) => WebhookHourlyStats.Where(s => s.AccountId == accountId);

    public IQueryable<RecoveryRun> RecoveryRunsOf(int accountId) => RecoveryRuns.Where(r => r.AccountId == accountId);

    public IQueryable<AccountUser> MembersOf(int accountId) => AccountUsers.Where(m => m.AccountId == accountId);

    public IQueryable<PlatformAppAccount> PlatformGrantsOf(int accountId) => PlatformAppAccounts.Where(g => g.AccountId == accountId);
}

public static class AccountScope
{
    /// <summary>Deliveries read through another source than the table (the log's index hint on SQLite), kept to one account.</summary>
    public static IQueryable<Delivery> OfAccount(this IQueryable<Delivery> deliveries, int accountId) =>
        deliveries.Where(d => d.AccountId == accountId);
}
