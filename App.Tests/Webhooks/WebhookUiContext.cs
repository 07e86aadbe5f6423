using Bunit;
using Bunit.Rendering;
using Dashboard.Data;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Tests.Webhooks;

/// <summary>bunit with MudBlazor, its providers, and a real <see cref="WebhookService"/> over a temp SQLite file.</summary>
public abstract class WebhookUiContext : BunitContext, IAsyncLifetime
{
    protected TestDatabase Database { get; } = new();
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    protected WebhookService Webhooks { get; }
    protected CancellationToken Ct { get; } = Xunit.TestContext.Current.CancellationToken;
    protected int AccountId { get; private set; }
    protected string AdminUserId { get; private set; } = "";

    protected WebhookUiContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        // Real SQLite writes on a shared, busy machine can take longer than bunit's 1 s default.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Services.AddMudServices();
        Services.AddSingleton<IDbContextFactory<AppDbContext>>(Database);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<WebhookService>();
        Services.AddSingleton<WebhookListHealthQuery>();
        Services.AddSingleton<Dashboard.Dispatch.DeliveryFeed>();
        Webhooks = new WebhookService(Database, Time);
    }

    public async ValueTask InitializeAsync()
    {
        AccountId = await Database.CreateAccountAsync("Acme");
        AdminUserId = await this.SignInAdministratorAsync(Database, AccountId);
    }

    /// <summary>The popover and dialog providers, where dialogs render.</summary>
    protected IRenderedComponent<ContainerFragment> RenderProviders() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
    });

    protected async Task<Webhook> CreateWebhookAsync(string url, string? name = null, params string[] events)
    {
        var result = await Webhooks.CreateAsync(AccountId, new WebhookInput(url, name, events.Length == 0 ? ["message_created"] : events), Ct);
        return result.Webhook ?? throw new InvalidOperationException(result.Errors.Summary);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await Database.DisposeAsync();
    }
}
