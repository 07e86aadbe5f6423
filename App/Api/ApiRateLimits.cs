using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Dashboard.Accounts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>How much one caller may ask for (<c>RateLimits:*</c>): high enough for a real platform, low enough that one runaway client cannot take the instance.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Events one account may post per second, on one instance.</summary>
    [Range(1, 1_000_000)] public int IngestionPerSecond { get; set; } = 5_000;

    /// <summary>Platform API calls per minute for one token.</summary>
    [Range(1, 1_000_000)] public int PlatformApiPerMinute { get; set; } = 1_200;

    /// <summary>Sign-in link and set-password attempts per minute from one address (each link is 256 random bits; this stops noise, not guessing).</summary>
    [Range(1, 10_000)] public int LinksPerMinute { get; set; } = 30;
}

/// <summary>
/// The rate limits of ingestion, the Platform API and one-time links (ASP.NET Core's limiter, per instance). A refusal is
/// 429 with <c>Retry-After</c>, and for programs the API's JSON error.
/// </summary>
public static class ApiRateLimits
{
    public const string Ingestion = "ingestion";
    public const string PlatformApi = "platform-api";
    public const string Links = "links";
    public const string TooManyMessage = "Too many requests: slow down and try again after the time in Retry-After.";

    public static IHostApplicationBuilder AddApiRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                if (ApiErrorsMiddleware.IsApi(context.HttpContext.Request))
                    await ApiJson.WriteErrorAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, TooManyMessage);
                else
                    await context.HttpContext.Response.WriteAsync("Too many attempts. Wait a minute and try again.", ct);
            };
            limiter.AddPolicy(Ingestion, http => RateLimitPartition.GetTokenBucketLimiter(
                "account:" + http.GetRouteValue("accountId"), _ => Bucket(Options(http).IngestionPerSecond, TimeSpan.FromSeconds(1))));
            limiter.AddPolicy(PlatformApi, http => RateLimitPartition.GetTokenBucketLimiter(
                "token:" + AccessTokens.Hash(AccessTokenHeader.Read(http.Request) ?? "none:" + http.Connection.RemoteIpAddress),
                _ => Bucket(Options(http).PlatformApiPerMinute, TimeSpan.FromMinutes(1))));
            limiter.AddPolicy(Links, http => RateLimitPartition.GetFixedWindowLimiter(
                "address:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Options(http).LinksPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    private static RateLimitOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    // The whole allowance may come at once (a burst), and refills evenly over the period.
    private static TokenBucketRateLimiterOptions Bucket(int perPeriod, TimeSpan period) => new()
    {
        TokenLimit = perPeriod, TokensPerPeriod = perPeriod, ReplenishmentPeriod = period, QueueLimit = 0, AutoReplenishment = true,
    };
}
