using Dashboard.Data;
using Dashboard.Telemetry;
using Dashboard.Tests.Dispatch;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Telemetry;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> on the real app over real HTTP: what a load balancer or an orchestrator
/// sees, with the writer or the dispatcher really stalled.
/// </summary>
public sealed class HealthEndpointTests
{
    private static readonly Dictionary<string, string?> QuickStall = new()
    {
        ["Health:StallAfter"] = "00:00:01",
        ["Dispatch:SweepInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task Live_answers_200_to_anyone_without_running_a_check()
    {
        await using var app = new DashboardFactory();
        using var client = app.CreateRealClient();

        var live = await HealthProbe.ReadAsync(client, ServiceDefaults.LivePath);

        Assert.Equal(200, live.Status);
        Assert.Equal("Healthy", live.Overall);
        Assert.Empty(live.Json["checks"]!.AsObject());
    }

    [Fact]
    public async Task Ready_reports_each_check_healthy_on_a_running_app_and_shows_no_secret()
    {
        await using var app = new DashboardFactory();
        using var client = app.CreateRealClient();

        // The dispatcher's first round may still be under way right after start.
        var ready = await HealthProbe.WaitForAsync(client, ServiceDefaults.ReadyPath, a => a.Status == 200);

        Assert.Equal("Healthy", ready.Overall);
        var expected = TestProvider.IsPostgreSql ? new[] { "database", "dispatcher", "listen", "writer" } : ["database", "dispatcher", "writer"];
        Assert.Equal(expected, ready.Json["checks"]!.AsObject().Select(c => c.Key).Order());
        Assert.All(expected, name => Assert.Equal("Healthy", ready.CheckStatus(name)));
        Assert.Contains("every migration is applied", ready.CheckDescription("database"));
        Assert.Equal("application/json; charset=utf-8", (await client.GetAsync(ServiceDefaults.ReadyPath, TestContext.Current.CancellationToken)).Content.Headers.ContentType?.ToString());
        // Nothing of the connection: no file path, no server, no password.
        Assert.DoesNotContain(app.DataDirectory, ready.Body);
        Assert.DoesNotContain("Host=", ready.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Password", ready.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ready_turns_unhealthy_while_the_writer_is_stalled_and_healthy_again_once_it_moves()
    {
        await using var app = new DispatchFactory(settings: QuickStall);
        using var client = app.CreateRealClient();
        await HealthProbe.WaitForAsync(client, ServiceDefaults.ReadyPath, a => a.Status == 200);
        var writer = app.Services.GetRequiredService<DatabaseWriter>();

        // A piece of work that does not end holds the one writer thread, as a hung statement would.
        using var gate = new ManualResetEventSlim();
        var stuck = writer.RunAsync(_ => gate.Wait(TimeSpan.FromSeconds(30)));
        try
        {
            var stalled = await HealthProbe.WaitForAsync(client, ServiceDefaults.ReadyPath, a => a.Status == 503);

            Assert.Equal("Unhealthy", stalled.Overall);
            Assert.Equal("Unhealthy", stalled.CheckStatus("writer"));
            Assert.Contains("Stalled", stalled.CheckDescription("writer"));
            Assert.Equal("Healthy", stalled.CheckStatus("database")); // the database itself still answers
            // Live stays up: the process is fine, only not ready.
            Assert.Equal(200, (await HealthProbe.ReadAsync(client, ServiceDefaults.LivePath)).Status);
        }
        finally { gate.Set(); }
        await stuck;

        var recovered = await HealthProbe.WaitForAsync(client, ServiceDefaults.ReadyPath, a => a.Status == 200);
        Assert.Equal("Healthy", recovered.CheckStatus("writer"));
        Assert.Equal("Healthy", recovered.CheckStatus("dispatcher"));
    }

    [Fact]
    public async Task Ready_turns_unhealthy_when_the_dispatcher_oversleeps_its_wake_up_while_the_writer_is_fine()
    {
        // The dispatcher sleeps on this clock; frozen, its planned wake-up never comes, as with a lost timer.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new DispatchFactory(time, QuickStall);
        using var client = app.CreateRealClient();

        var stalled = await HealthProbe.WaitForAsync(client, ServiceDefaults.ReadyPath, a => a.Status == 503);

        Assert.Equal("Unhealthy", stalled.CheckStatus("dispatcher"));
        Assert.Contains("late", stalled.CheckDescription("dispatcher"));
        Assert.Equal("Healthy", stalled.CheckStatus("writer"));

        // Its clock moves on: the loop wakes, comes round, and the instance is ready again.
        time.Advance(TimeSpan.FromSeconds(1));
        var recovered = await HealthProbe.WaitForAsync(client, ServiceDefaults.ReadyPath, a => a.CheckStatus("dispatcher") == "Healthy");
        Assert.DoesNotContain("late", recovered.CheckDescription("dispatcher"));
    }

    [Fact]
    public async Task Ready_stays_healthy_on_an_instance_whose_dispatcher_is_switched_off()
    {
        await using var app = new DispatchFactory(settings: new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" });
        using var client = app.CreateRealClient();

        var ready = await HealthProbe.ReadAsync(client, ServiceDefaults.ReadyPath);

        Assert.Equal(200, ready.Status);
        Assert.Contains("Disabled on this instance", ready.CheckDescription("dispatcher"));
    }
}
