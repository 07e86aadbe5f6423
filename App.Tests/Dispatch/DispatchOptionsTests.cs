using Dashboard.Dispatch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Dispatch;

public sealed class DispatchOptionsTests
{
    [Fact]
    public void Defaults_follow_the_standard_webhooks_schedule()
    {
        var options = Bind(new Dictionary<string, string?>()).GetRequiredService<IOptions<DispatchOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(15), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(45), options.EffectiveLease);
        Assert.Equal([0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400], options.Schedule.Select(d => (int)d.TotalSeconds));
        Assert.Equal(TimeSpan.FromDays(5), options.DisableAfterFailing);
        Assert.False(Bind(new Dictionary<string, string?>()).GetRequiredService<IOptions<AddressGuardOptions>>().Value.AllowPrivateNetworks);
    }

    [Fact]
    public void A_configured_schedule_replaces_the_default_instead_of_adding_to_it()
    {
        var options = Bind(new Dictionary<string, string?> { ["Dispatch:RetrySchedule:0"] = "00:00:00", ["Dispatch:RetrySchedule:1"] = "00:01:00" })
            .GetRequiredService<IOptions<DispatchOptions>>().Value;

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(1)], options.Schedule);
    }

    [Theory]
    [InlineData("Webhooks:AllowedNetworks:0", "not-a-network", "AllowedNetworks")]
    [InlineData("Dispatch:Timeout", "00:00:00", "Timeout")]
    [InlineData("Dispatch:LeaseDuration", "00:00:05", "LeaseDuration")]
    [InlineData("Dispatch:Jitter", "2", "Jitter")]
    [InlineData("Dispatch:PerWebhookConcurrency", "0", "PerWebhookConcurrency")]
    [InlineData("Dispatch:RetrySchedule:0", "-00:00:01", "RetrySchedule")]
    public void A_bad_setting_is_refused_with_a_message_naming_it(string key, string value, string named)
    {
        var services = Bind(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<DispatchOptions>>().Value;
            _ = services.GetRequiredService<IOptions<AddressGuardOptions>>().Value;
        });
        Assert.Contains(named, error.Message);
    }

    private static ServiceProvider Bind(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDispatch();
        return builder.Services.BuildServiceProvider();
    }
}
