using System.Diagnostics;
using Dashboard.Api;
using Dashboard.Tests.Infrastructure;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Security;

/// <summary>Another process holds the database's write lock (a backup, a stuck tool): the API says "try again", quickly.</summary>
public sealed class LockedDatabaseTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_locked_database_answers_503_with_Retry_After_within_seconds_and_stores_nothing_then_recovers()
    {
        var accountId = await app.DemoAccountIdAsync();
        using var client = app.CreateRealClient();
        var path = $"/api/v1/accounts/{accountId}/events";
        const string body = """{"event":"message_created","id":1}""";
        int before;
        await using (var db = app.CreateDbContext()) before = await db.Events.CountAsync(Ct);

        // Another connection holds the lock every event write needs: SQLite's whole file, or PostgreSQL's events table.
        await using (DbConnection holder = app.PostgreSqlConnectionString is { } postgres
                         ? new NpgsqlConnection(postgres) : new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            await holder.OpenAsync(Ct);
            await using var exclusive = holder.CreateCommand();
            exclusive.CommandText = holder is NpgsqlConnection ? "BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE;" : "BEGIN EXCLUSIVE;";
            await exclusive.ExecuteNonQueryAsync(Ct);

            var clock = Stopwatch.StartNew();
            var first = await client.SendAsync(HttpMethod.Post, path, DashboardFactory.AdminApiToken, body);
            var took = clock.Elapsed;
            var second = await client.SendAsync(HttpMethod.Post, path, DashboardFactory.AdminApiToken, body);

            await first.AssertErrorAsync(503, "database is busy");
            Assert.Equal(TimeSpan.FromSeconds(BusyAnswer.RetryAfterSeconds), first.Headers.RetryAfter?.Delta);
            Assert.True(took < TimeSpan.FromSeconds(15), $"answered after {took.TotalSeconds:0.0} s");
            await second.AssertErrorAsync(503, "database is busy");

            exclusive.CommandText = "ROLLBACK;";
            await exclusive.ExecuteNonQueryAsync(Ct);
        }

        await using (var db = app.CreateDbContext()) Assert.Equal(before, await db.Events.CountAsync(Ct));
        var after = await client.SendAsync(HttpMethod.Post, path, DashboardFactory.AdminApiToken, body);
        Assert.Equal(202, (int)after.StatusCode);
    }
}
