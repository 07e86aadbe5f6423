namespace Dashboard.Data;

/// <summary>
/// Ids are UUID v7: the first 48 bits are the Unix time in milliseconds, so an id range is a time range.
/// The log turns "from / to" into id bounds and keeps using the <c>(AccountId, Id)</c> index.
/// </summary>
public static class UuidV7
{
    /// <summary>The smallest v7 id of the given millisecond: every id made at or after <paramref name="time"/> is not less.</summary>
    public static Guid LowerBound(DateTime time)
    {
        var ms = new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        if (ms < 0) ms = 0;
        // Text form "tttttttt-tttt-7000-8000-000000000000": EF stores Guids as this upper-case text, so text order = time order.
        var hex = ms.ToString("X12");
        return Guid.Parse($"{hex[..8]}-{hex[8..]}-7000-8000-000000000000");
    }
}
