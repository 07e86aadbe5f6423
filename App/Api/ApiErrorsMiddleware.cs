using Microsoft.AspNetCore.Diagnostics;

namespace Dashboard.Api;

/// <summary>
/// Keeps every <c>/api</c> answer JSON: the app's status code pages (HTML "not found") and error page are for people,
/// programs calling the API get <c>{"error": "…"}</c> (<see cref="ApiJson"/>) even for an unknown route, a wrong method or a crash.
/// </summary>
public static class ApiErrorsMiddleware
{
    /// <summary>The application API and the Platform API: programs, which read JSON.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/platform/api");

    /// <summary>Call after <c>UseStatusCodePages…</c>, so it runs inside it and can switch it off for API paths.</summary>
    public static IApplicationBuilder UseApiJsonErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsApi(context.Request))
        {
            await next(context);
            return;
        }

        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages) statusCodePages.Enabled = false;
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                                  && context.RequestServices.GetRequiredService<BusyAnswer>() is var busy && busy.Applies(e))
        {
            context.Response.Clear();
            await busy.WriteAsync(context);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var log = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrorsMiddleware));
            Log.ApiRequestFailed(log, context.Request.Method, context.Request.Path, e);
            context.Response.Clear();
            await ApiJson.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, ApiJson.DefaultMessage(500));
            return;
        }

        // An answer without a body (no matching route, 405, …) still gets a JSON message.
        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentType is null)
            await ApiJson.WriteErrorAsync(context, context.Response.StatusCode, ApiJson.DefaultMessage(context.Response.StatusCode));
    });
}
