using Dashboard.Data;
using Dashboard.Telemetry;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Tests.Telemetry;

/// <summary>The LISTEN connection's part of readiness on PostgreSQL: up, reconnecting, and down for too long.</summary>
public sealed class ListenHealthCheckTests
{
    [Fact]
    public async Task A_listener_that_cannot_connect_is_degraded_at_first_and_unhealthy_once_down_longer_than_allowed()
    {
        // Nothing listens on port 1 of loopback: every connect is refused at once, as with a server that went away.
        var bus = new PostgreSqlBus("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2", NullLogger<PostgreSqlBus>.Instance);
        var check = new ListenHealthCheck(bus, Options.Create(new HealthOptions { StallAfter = TimeSpan.FromSeconds(1) }));
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var first = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
            Assert.Equal(HealthStatus.Degraded, first.Status); // a moment without the listener is normal (a reconnect)

            await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
            var later = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
            Assert.Equal(HealthStatus.Unhealthy, later.Status);
            Assert.DoesNotContain("127.0.0.1", later.Description); // no server address in the answer
        }
        finally { await bus.StopAsync(CancellationToken.None); }
    }

    [Fact]
    public async Task On_PostgreSQL_ready_shows_the_listener_up_and_sees_it_reconnect_after_its_connection_is_killed()
    {
        if (!TestProvider.IsPostgreSql) Assert.Skip("PostgreSQL only (DASHBOARD_TEST_PROVIDER=PostgreSQL).");
        await using var app = new DashboardFactory();
        using var client = app.CreateRealClient();

        var up = await HealthProbe.WaitForAsync(client, ServiceDefaults.ReadyPath, a => a.CheckStatus("listen") == "Healthy");
        Assert.Contains("connected 1 time", up.CheckDescription("listen"));

        // The server ends the listening session (a failover or an admin would): the bus notices, reconnects, and says so.
        await using (var admin = new NpgsqlConnection(app.PostgreSqlConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name AND datname = current_database()", admin);
            kill.Parameters.AddWithValue("name", PostgreSqlBus.ListenerName);
            await kill.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var back = await HealthProbe.WaitForAsync(client, ServiceDefaults.ReadyPath, a => a.CheckDescription("listen").Contains("connected 2 time"));
        Assert.Equal("Healthy", back.CheckStatus("listen"));
        Assert.Equal(200, back.Status);
    }
}
