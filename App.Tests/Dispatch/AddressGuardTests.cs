using System.Net;
using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Dispatch;

public sealed class AddressGuardTests : IAsyncLifetime
{
    private TestReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    public void Internal_addresses_are_refused(string address)
    {
        Assert.False(Guard(allowPrivate: false).IsAllowed(IPAddress.Parse(address)));
        Assert.True(Guard(allowPrivate: true).IsAllowed(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(Guard(allowPrivate: false).IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void The_allow_list_opens_only_its_networks()
    {
        var guard = Guard(allowPrivate: false, "10.20.0.0/16");
        Assert.True(guard.IsAllowed(IPAddress.Parse("10.20.3.4")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("10.21.3.4")));
    }

    // Only loopback carries real traffic here; the other targets are refused before any connect, so no packet leaves.
    [Theory]
    [InlineData("http://127.0.0.1:{port}/hook")]
    [InlineData("http://localhost:{port}/hook")]
    [InlineData("http://[::1]:{port}/hook")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/hook")]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://2130706433:{port}/hook")]
    public async Task Blocked_targets_are_recorded_as_blocked_and_never_reached(string template)
    {
        var (sender, http) = SenderHarness.Create(allowPrivate: false);
        using var _ = http;
        var url = template.Replace("{port}", _receiver.Port.ToString());

        var outcome = await sender.SendAsync(SenderHarness.Request(url), TestContext.Current.CancellationToken);

        Assert.Equal(AttemptError.BlockedAddress, outcome.Error);
        Assert.Null(outcome.ResponseStatus);
        Assert.Contains("blocked", outcome.ErrorMessage);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task Loopback_in_the_allow_list_is_delivered()
    {
        var (sender, http) = SenderHarness.Create(allowPrivate: false, allowedNetworks: ["127.0.0.0/8"]);
        using var _ = http;

        var outcome = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/hook")), TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded);
        Assert.Single(_receiver.Requests);
    }

    private static AddressGuard Guard(bool allowPrivate, params string[] allowed) =>
        new(Options.Create(new AddressGuardOptions { AllowPrivateNetworks = allowPrivate, AllowedNetworks = [.. allowed] }));
}
