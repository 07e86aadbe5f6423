namespace Dashboard.Data;

/// <summary>
/// How an attempt's row in WebhookHourlyStats is found, spelled in SQL for the triggers that count attempts (SQLite's and
/// PostgreSQL's migrations), so both providers count alike. Arguments are SQL expressions (a column, <c>NEW."StartedAt"</c>).
/// </summary>
public static class HourlyStatsSql
{
    /// <summary>UTC ticks of the hour the attempt started in.</summary>
    public static string HourOf(string startedAt) => $"{startedAt} - {startedAt} % 36000000000";

    /// <summary>LatencyFloor.Of in SQL (integer division on both providers); -1 (LatencyFloor.NoAnswer) without an HTTP answer.</summary>
    public static string FloorOf(string status, string ms) =>
        $"CASE WHEN {status} IS NULL THEN -1 WHEN {ms} < 0 THEN 0 WHEN {ms} < 100 THEN {ms} WHEN {ms} < 1000 THEN {ms} / 10 * 10 " +
        $"WHEN {ms} < 10000 THEN {ms} / 100 * 100 WHEN {ms} < 100000 THEN {ms} / 1000 * 1000 WHEN {ms} < 1000000 THEN {ms} / 10000 * 10000 " +
        $"ELSE {ms} / 100000 * 100000 END";
}
