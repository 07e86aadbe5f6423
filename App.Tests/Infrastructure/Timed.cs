using System.Diagnostics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Times a query for a "quick enough" assertion. The fastest of a few runs is what the query costs; a single run on a
/// shared, busy machine also measures a GC pause or a descheduled thread. A query that is slow by design (a scan of
/// the whole table) is slow every time, so the assertion keeps its meaning.
/// </summary>
public static class Timed
{
    public static async Task<(T Result, long Milliseconds)> FastestOfAsync<T>(int runs, Func<Task<T>> run)
    {
        var fastest = long.MaxValue;
        T result = default!;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            result = await run();
            fastest = Math.Min(fastest, watch.ElapsedMilliseconds);
        }
        return (result, fastest);
    }
}
