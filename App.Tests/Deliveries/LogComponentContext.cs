using Dashboard.Telemetry;
using Bunit;
using Dashboard.Data;
using Dashboard.Deliveries;
using Dashboard.Tests.Infrastructure;
using Dashboard.Dispatch;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Tests.Deliveries;

/// <summary>A bunit context with the log's real services on a real SQLite file, and the real sender (private networks allowed).</summary>
public abstract class LogComponentContext : BunitContext, IAsyncLifetime
{
    protected TestDatabase Db { get; private set; } = null!;
    protected int Account { get; private set; }
    protected int Hook { get; private set; }
    protected string AdminUserId { get; private set; } = "";
    protected DeliveryFeed Feed { get; } = new();

    private readonly SwitchableClock _clock = new();

    /// <summary>The clock components read: the system's unless a test sets another (e.g. a FakeTimeProvider).</summary>
    protected TimeProvider Clock { get => _clock.Inner; set => _clock.Inner = value; }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Db = new TestDatabase();
        await using (var connection = await Db.OpenAsync())
        {
            Account = await LogData.AddAccountAsync(connection, "Acme");
            Hook = await LogData.AddWebhookAsync(connection, Account, "https://hooks.example/orders", "Orders");
        }
        AdminUserId = await this.SignInAdministratorAsync(Db, Account);
        JSInterop.Mode = JSRuntimeMode.Loose;
        // A database behind the component (PostgreSQL in that run) on a busy machine can take longer than bunit's 1 s.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton<IDbContextFactory<AppDbContext>>(Db);
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(Feed);
        Services.AddSingleton<DeliveryLogQuery>();
        Services.AddSingleton<DeliveryDetailQuery>();
        Services.AddSingleton<WebhookStatsQuery>();
        Services.AddSingleton<WebhookService>();
        Services.AddSingleton<ManualDelivery>();
        // Manual sends record through the one writer, as in the app.
        Services.AddSingleton(_ => new DatabaseWriter(Db.Dialect));
        Services.AddSingleton<DeliveryClaims>();
        Services.AddSingleton<AttemptWriter>();
        Services.AddDashboardMetrics(); // the attempt writer counts what it records
        Services.AddSingleton<IClusterBus, SingleProcessBus>();
        Services.AddSingleton<DispatchSignal>();
        Services.AddSingleton<ClusterNews>();
        Services.AddOptions<DispatchOptions>();
        Services.AddSingleton<RetryPolicy>();
        Services.Configure<AddressGuardOptions>(o => o.AllowPrivateNetworks = true);
        Services.AddWebhookSender();
        Render<MudPopoverProvider>();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await Db.DisposeAsync();
    }
}
