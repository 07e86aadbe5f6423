using Dashboard.Data;

namespace Dashboard.Api;

/// <summary>
/// A database that stays locked (a backup, a stuck process) is a moment to retry, not a crash: the API answers 503 with
/// Retry-After after SQLite's busy wait (seconds, well before a client's timeout), and the log says so once a minute
/// with a count, not once per request.
/// </summary>
public sealed class BusyAnswer(TimeProvider time, ILogger<BusyAnswer> logger)
{
    public const int RetryAfterSeconds = 5;
    public const string Message = "The database is busy right now; nothing was changed. Please try again in a few seconds.";
    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);

    private long _lastLoggedTicks; // 0: never logged (any real time is far past it)
    private int _sinceLogged;

    public bool Applies(Exception e) => DatabaseBusy.Is(e);

    public Task WriteAsync(HttpContext context)
    {
        var count = Interlocked.Increment(ref _sinceLogged);
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastLoggedTicks);
        if (now - last >= LogEvery.Ticks && Interlocked.CompareExchange(ref _lastLoggedTicks, now, last) == last)
        {
            Interlocked.Add(ref _sinceLogged, -count);
            Log.DatabaseBusy(logger, count);
        }
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiJson.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, Message);
    }
}
