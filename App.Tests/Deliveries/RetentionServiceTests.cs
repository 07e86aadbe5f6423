using Dashboard.Deliveries;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Deliveries;

public sealed class RetentionServiceTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(Now));
    private TestDatabase _db = null!;
    private List<LogData.Row> _old = null!;
    private LogData.Row _oldWithRecentResend = null!, _oldPending = null!, _recent = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = new TestDatabase();
        await using var connection = await _db.OpenAsync();
        var account = await LogData.AddAccountAsync(connection, "Acme");
        var hook = await LogData.AddWebhookAsync(connection, account, "https://x.example/");
        var old = LogData.Generate(9, account, [hook], Now.AddDays(-40), i => i == 8 ? DeliveryStatus.Pending : DeliveryStatus.Failed);
        _old = old.Take(7).ToList();
        (_oldWithRecentResend, _oldPending) = (old[7], old[8]);
        _recent = LogData.Generate(1, account, [hook], Now.AddDays(-1))[0];
        await LogData.InsertAsync(connection, [.. old, _recent]);
        await LogData.InsertChatIdsAsync(connection, [.. old, _recent], i => [new(Dashboard.Events.ChatIdKind.Conversation, 42 + i)]);
        foreach (var row in old.Take(8)) await LogData.AddAttemptAsync(connection, row, 1, row.CreatedAt, succeeded: false);
        await LogData.AddAttemptAsync(connection, _oldWithRecentResend, 2, Now.AddDays(-2));
        await LogData.AddAttemptAsync(connection, _recent, 1, _recent.CreatedAt);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private RetentionService Service(int batchSize = 2) => new(_db, Options.Create(new RetentionOptions
    {
        RetentionDays = 30, RetentionBatchSize = batchSize, RetentionPause = TimeSpan.Zero, RetentionInterval = TimeSpan.FromHours(1),
    }), _time, NullLogger<RetentionService>.Instance);

    [Fact]
    public async Task Purge_removes_what_is_older_than_the_retention_in_small_batches_and_leaves_nothing_orphaned()
    {
        await using var db = _db.CreateDbContext();
        var statsCutoff = Now - RetentionService.StatsKept;
        var oldStats = await db.WebhookHourlyStats.CountAsync(s => s.HourStart < statsCutoff, Ct);
        Assert.True(oldStats > 0);

        var result = await Service(batchSize: 2).PurgeAsync(Ct);

        Assert.Equal(new PurgeResult(Attempts: 8, Deliveries: 7, Events: 7, StatsHours: oldStats, ChatIds: 9), result);
        // The log search's ids go with the events' time; the recent event's stays findable.
        Assert.Equal([_recent.EventId], await db.EventChatIds.Select(c => c.EventId).ToListAsync(Ct));
        // The stats page's 7 days stay; older hours go.
        Assert.False(await db.WebhookHourlyStats.AnyAsync(s => s.HourStart < statsCutoff, Ct));
        Assert.Equal(2, await db.WebhookHourlyStats.SumAsync(s => s.Attempts, Ct));
        var deliveries = await db.Deliveries.Select(d => d.Id).ToListAsync(Ct);
        Assert.Equal(new[] { _oldWithRecentResend.Id, _oldPending.Id, _recent.Id }.Order(), deliveries.Order());
        Assert.Equal(new[] { 2 }, await db.Attempts.Where(a => a.DeliveryId == _oldWithRecentResend.Id).Select(a => a.Number).ToListAsync(Ct));
        Assert.Equal(1, await db.Attempts.CountAsync(a => a.DeliveryId == _recent.Id, Ct));
        Assert.Equal(3, await db.Events.CountAsync(Ct));
        Assert.False(await db.Attempts.AnyAsync(a => !db.Deliveries.Any(d => d.Id == a.DeliveryId), Ct));
    }

    [Fact]
    public async Task A_purge_runs_on_one_instance_at_a_time()
    {
        // Another instance holds the purge's lock (PostgreSQL; on SQLite one process is alone with its file).
        if (!TestProvider.IsPostgreSql) Assert.Skip("Several instances share a PostgreSQL database: this runs in the PostgreSQL run of scripts/test.sh.");
        await using var other = (Npgsql.NpgsqlConnection)await _db.OpenAsync();
        await using var tx = await other.BeginTransactionAsync(Ct);
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_xact_lock({Dashboard.Data.ExclusiveJob.LockSpace}, {Dashboard.Data.ExclusiveJob.Retention})", other, tx))
            await take.ExecuteNonQueryAsync(Ct);

        Assert.Equal(new PurgeResult(0, 0, 0, 0), await Service().PurgeAsync(Ct));

        await tx.RollbackAsync(Ct);
        Assert.Equal(8, (await Service().PurgeAsync(Ct)).Attempts);
    }

    [Fact]
    public async Task The_background_service_purges_at_start_and_again_when_the_clock_passes_the_interval()
    {
        var service = Service();
        await service.StartAsync(Ct);
        try
        {
            await WaitForAsync(async db => await db.Deliveries.CountAsync(Ct) == 3);

            // A month later everything but the pending delivery (the dispatcher's) has aged out.
            _time.Advance(TimeSpan.FromDays(30));
            await WaitForAsync(async db => await db.Deliveries.CountAsync(Ct) == 1);
            await using var db = _db.CreateDbContext();
            Assert.Equal(_oldPending.Id, await db.Deliveries.Select(d => d.Id).SingleAsync(Ct));
            Assert.Equal(0, await db.Attempts.CountAsync(Ct));
        }
        finally { await service.StopAsync(CancellationToken.None); }
    }

    [Theory]
    [InlineData("Delivery:RetentionDays", "0")]
    [InlineData("Delivery:RetentionBatchSize", "0")]
    public async Task A_bad_setting_stops_the_app_at_start(string key, string value)
    {
        await using var app = new Dashboard.Tests.Dispatch.DispatchFactory(settings: new Dictionary<string, string?> { [key] = value });

        var error = Record.Exception(() => app.StartServer());

        Assert.IsType<OptionsValidationException>(error is AggregateException a ? a.InnerException : error);
    }

    private async Task WaitForAsync(Func<Dashboard.Data.AppDbContext, Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using (var db = _db.CreateDbContext())
                if (await condition(db)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(20, Ct);
        }
    }
}
