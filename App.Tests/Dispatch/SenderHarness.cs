using Dashboard.Dispatch;
using Dashboard.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Dispatch;

/// <summary>The real sender stack (guard, connector, pooled client, signer) without the app around it.</summary>
internal static class SenderHarness
{
    /// <summary>
    /// Wired by <see cref="DispatchSetup.AddWebhookSender"/>, as in the app. The provider is not disposed: the caller
    /// disposes the returned client, the only thing in it holding sockets.
    /// </summary>
    public static (IWebhookSender Sender, WebhookHttp Http) Create(bool allowPrivate = true, TimeSpan? timeout = null,
        IEnumerable<string>? allowedNetworks = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(time ?? TimeProvider.System)
            .Configure<AddressGuardOptions>(o =>
            {
                o.AllowPrivateNetworks = allowPrivate;
                o.AllowedNetworks = [.. allowedNetworks ?? []];
            })
            .Configure<DispatchOptions>(o => o.Timeout = timeout ?? TimeSpan.FromSeconds(5))
            .AddWebhookSender()
            .BuildServiceProvider();
        return (services.GetRequiredService<IWebhookSender>(), services.GetRequiredService<WebhookHttp>());
    }

    public static OutgoingRequest Request(string url, string? payload = null, string? secret = null, string? previous = null) =>
        new(Guid.CreateVersion7(), url, System.Text.Encoding.UTF8.GetBytes(payload ?? """{"event":"message_created","id":1,"content":"Hi ✓"}"""),
            secret ?? WebhookSecret.Generate(), previous);
}
