using Dashboard.Dispatch;
using Dashboard.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Dispatch;

/// <summary>The real sender stack (guard, connector, pooled client, signer) without the app around it.</summary>
internal static class SenderHarness
{
    public static (IWebhookSender Sender, WebhookHttp Http) Create(bool allowPrivate = true, TimeSpan? timeout = null,
        IEnumerable<string>? allowedNetworks = null, TimeProvider? time = null)
    {
        var guard = new AddressGuard(Options.Create(new AddressGuardOptions { AllowPrivateNetworks = allowPrivate, AllowedNetworks = [.. allowedNetworks ?? []] }));
        var http = new WebhookHttp(new GuardedConnector(guard));
        var options = Options.Create(new DispatchOptions { Timeout = timeout ?? TimeSpan.FromSeconds(5) });
        return (new WebhookSender(http, time ?? TimeProvider.System, options, NullLogger<WebhookSender>.Instance), http);
    }

    public static OutgoingRequest Request(string url, string? payload = null, string? secret = null, string? previous = null) =>
        new(Guid.CreateVersion7(), url, payload ?? """{"event":"message_created","id":1,"content":"Hi ✓"}""", secret ?? WebhookSecret.Generate(), previous);
}
