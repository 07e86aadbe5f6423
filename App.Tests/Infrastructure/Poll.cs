namespace Dashboard.Tests.Infrastructure;

/// <summary>Waits, in real time, for something the app does in the background to become true in memory.</summary>
public static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every 10 ms until it holds (true) or <paramref name="timeout"/> has passed (false).</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        return true;
    }
}
