using Dashboard.Telemetry;
using Dashboard.Tests.Dispatch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Dashboard.Tests.Telemetry;

/// <summary>Who reaches <c>/metrics</c>, and what a wrong setting does.</summary>
public sealed class MetricsAccessTests
{
    [Fact]
    public async Task Metrics_outside_the_allowed_networks_answer_like_a_path_that_does_not_exist()
    {
        await using var app = new DispatchFactory(settings: new Dictionary<string, string?> { ["Telemetry:MetricsNetworks:0"] = "10.0.0.0/8" });
        using var client = app.CreateRealClient();

        using var response = await client.GetAsync(ServiceDefaults.MetricsPath, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.DoesNotContain("dashboard_", body);
    }

    [Fact]
    public async Task Metrics_are_off_when_Telemetry_Prometheus_is_false()
    {
        await using var app = new DispatchFactory(settings: new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "false" });
        using var client = app.CreateRealClient();

        using var response = await client.GetAsync(ServiceDefaults.MetricsPath, TestContext.Current.CancellationToken);

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("Telemetry:MetricsNetworks:0", "10.0.0.0/33", "Telemetry:MetricsNetworks")]
    [InlineData("Telemetry:Prometheus", "sometimes", "Telemetry:Prometheus")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    public void A_bad_setting_stops_the_start_with_a_message_naming_its_key(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => TelemetryOptions.Read(configuration, new Environment()));

        Assert.Contains(named, error.Message);
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "Dashboard";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
