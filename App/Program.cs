using Dashboard.Api;
using Dashboard.Accounts;
using Dashboard.Components;
using Dashboard.Components.Layout;
using Dashboard.Data;
using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Events;
using Dashboard.Telemetry;
using Dashboard.Webhooks;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.AddData();
builder.AddAccounts();
builder.AddApi();
builder.AddWebhooks();
builder.AddEvents();
builder.AddDispatch();
builder.AddDeliveries();
builder.AddThemePreference();
builder.AddSecurityHeaders(); // first in the pipeline, on every answer
builder.AddServiceDefaults();  // health checks, metrics, traces

var app = builder.Build();

app.MapServiceDefaults(); // /health/live, /health/ready, /metrics

if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseApiJsonErrors();
app.UseAntiforgery();
app.UseThemeClientHint();

app.MapStaticAssets();
app.MapAccountEndpoints();
app.MapEventsApi();
app.MapWebhooksApi();
app.MapProfileApi();
app.MapApiStatus();
app.MapApiFallback();
app.MapRazorComponents<Dashboard.Components.App>().AddInteractiveServerRenderMode();

await app.MigrateDatabaseAsync();
await app.SeedDemoAsync();
await app.RunAsync();

/// <summary>Entry point; public so the test host can start the real app.</summary>
public partial class Program;
