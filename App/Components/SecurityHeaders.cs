using System.Security.Cryptography;
using System.Text;
using Dashboard.Api;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components;

/// <summary>
/// Security headers on every answer (pages, static files, API, error pages): no MIME sniffing, a referrer policy and
/// a Content-Security-Policy; HSTS outside Development. The pages' policy is what they need and no more: the API,
/// which only ever answers JSON, gets one that allows nothing.
/// </summary>
public static class SecurityHeaders
{
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// A startup filter rather than an <c>app.Use…</c> in Program.cs: WebApplication runs routing, authentication and
    /// authorization before Program.cs's middleware, and their answers (the redirect to sign in) need the headers too.
    /// </summary>
    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransient<IStartupFilter, FirstInPipeline>();
        return builder;
    }

    private sealed class FirstInPipeline : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // HSTS pins browsers to HTTPS (30 days, the default); not in Development, which runs on plain HTTP and localhost.
            if (!app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment()) app.UseHsts();

            var pagePolicy = new Lazy<string>(() => PagePolicy(app.ApplicationServices.GetRequiredService<EndpointDataSource>()));
            app.Use((context, nextMiddleware) =>
            {
                // Set as the answer starts, because the exception handler and the API's JSON errors clear the headers before that.
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.XContentTypeOptions = "nosniff";
                    headers["Referrer-Policy"] = ReferrerPolicy;
                    headers.ContentSecurityPolicy = ApiErrorsMiddleware.IsApi(context.Request) ? ApiPolicy : pagePolicy.Value;
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>
    /// Scripts only from this origin, plus the one inline script the pages have: the import map that
    /// <c>&lt;ImportMap /&gt;</c> renders (fingerprinted module URLs), allowed by its hash, which changes only when
    /// the static assets do. Styles need <c>'unsafe-inline'</c>: MudBlazor and Blazor write <c>style</c> attributes
    /// and <c>&lt;style&gt;</c> elements (theme, reconnect dialog); without it the layout falls apart. The circuit's
    /// WebSocket (or long polling) goes to this origin, which <c>'self'</c> covers (ws: and wss: included).
    /// Every page endpoint carries the same import map (built once from the static assets), so one hash serves all.
    /// </summary>
    private static string PagePolicy(EndpointDataSource endpoints)
    {
        var importMap = endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<ImportMapDefinition>()).FirstOrDefault(m => m is not null);
        var importMapHash = importMap is null ? "" : $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.ToString())))}'";
        return "default-src 'self'; "
               + $"script-src 'self'{importMapHash}; "
               + "style-src 'self' 'unsafe-inline'; "
               + "connect-src 'self'; "
               + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }
}
