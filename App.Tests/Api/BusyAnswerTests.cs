using Dashboard.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Api;

public sealed class BusyAnswerTests
{
    [Fact]
    public async Task A_locked_database_is_answered_503_every_time_but_logged_once_a_minute_with_a_count()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
        var log = new CountingLogger();
        var busy = new BusyAnswer(time, log);

        for (var i = 0; i < 3; i++) await AnswerAsync(busy);
        time.Advance(TimeSpan.FromSeconds(61));
        var last = await AnswerAsync(busy);

        Assert.Equal(503, last.Response.StatusCode);
        Assert.Equal("5", last.Response.Headers.RetryAfter.ToString());
        Assert.Equal(["1 API request(s)", "3 API request(s)"], log.Lines.Select(l => l[(l.IndexOf(':') + 2)..][..l[(l.IndexOf(':') + 2)..].IndexOf(" answered", StringComparison.Ordinal)]));
    }

    private static async Task<HttpContext> AnswerAsync(BusyAnswer busy)
    {
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        await busy.WriteAsync(context);
        return context;
    }

    private sealed class CountingLogger : ILogger<BusyAnswer>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
