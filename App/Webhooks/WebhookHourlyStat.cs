namespace Dashboard.Webhooks;

/// <summary>
/// Tries of one webhook started in one hour with one latency floor: the health page's numbers without reading attempts.
/// A trigger on <c>Attempts</c> keeps these rows (migration <c>WebhookHourlyStats</c>), so every writer of attempts
/// (the dispatcher's raw inserts, resends and test-fires through EF Core) counts alike, in the same transaction.
/// </summary>
public sealed class WebhookHourlyStat
{
    public int WebhookId { get; set; }
    public DateTime HourStart { get; set; }

    /// <summary><see cref="LatencyFloor.Of"/> of the tries' duration; <see cref="LatencyFloor.NoAnswer"/> for tries without an HTTP answer.</summary>
    public int LatencyFloorMs { get; set; }

    public int AccountId { get; set; }
    public int Attempts { get; set; }
    public int Succeeded { get; set; }
}
