using Dashboard.Api;
using Dashboard.ApiDocs;
using Dashboard.Accounts;
using Dashboard.Components;
using Dashboard.Components.Layout;
using Dashboard.Data;
using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Events;
using Dashboard.Operators;
using Dashboard.Platform;
using Dashboard.Telemetry;
using Dashboard.Webhooks;
using MudBlazor.Services;

// `operator create EMAIL`, `platform-app create NAME`, `--help`: run instead of serving (Operators/AppCommand).
var command = AppCommand.Parse(args);
if (command.Help) { Console.WriteLine(AppCommand.HelpText); return OperatorCommands.Ok; }

var builder = WebApplication.CreateBuilder(command.HostArgs);

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.AddRefusalNotices(); // guards decide, a snackbar tells
builder.AddData();
builder.AddAccounts();
builder.AddApi();
builder.AddApiRateLimits();
builder.AddPlatform();
builder.AddOperators();
builder.AddWebhooks();
builder.AddEvents();
builder.AddDispatch();
builder.AddDeliveries();
builder.AddApiDocs();       // /openapi/v1.json and the /api-docs page
builder.AddThemePreference();
builder.AddSecurityHeaders(); // first in the pipeline, on every answer
builder.AddServiceDefaults();  // health checks, metrics, traces

var app = builder.Build();

app.MapServiceDefaults(); // /health/live, /health/ready, /metrics

if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseApiJsonErrors(); // before authentication: a database down while a token is read is a 503, not a crash
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseThemeClientHint();

app.MapStaticAssets();
app.MapAccountEndpoints();
app.MapEventsApi();
app.MapWebhooksApi();
app.MapProfileApi();
app.MapApiStatus();
app.MapPlatform();
app.MapApiDocs();
app.MapApiFallback();
app.MapRazorComponents<Dashboard.Components.App>().AddInteractiveServerRenderMode();

await app.MigrateDatabaseAsync();
if (command.IsCommand) return await app.RunCommandAsync(command, Console.Out);
await app.SeedDemoAsync();
await app.RunAsync();
return OperatorCommands.Ok;

/// <summary>Entry point; public so the test host can start the real app.</summary>
public partial class Program;
