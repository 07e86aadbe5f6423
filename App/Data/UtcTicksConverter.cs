using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dashboard.Data;

/// <summary>Stores a <see cref="DateTime"/> as UTC ticks and reads it back with <see cref="DateTimeKind.Utc"/>.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTime, long>(
    v => ToTicks(v),
    v => new DateTime(v, DateTimeKind.Utc))
{
    public static long ToTicks(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks;
}
