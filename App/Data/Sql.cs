using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Dashboard.Data;

/// <summary>Raw ADO.NET helpers matching how EF Core stores values: Guids as uppercase TEXT, DateTimes as UTC ticks.</summary>
public static class Sql
{
    public static string Id(Guid id) => id.ToString().ToUpperInvariant();

    public static object Ticks(DateTime? value) => value is { } v ? UtcTicksConverter.ToTicks(v) : DBNull.Value;

    public static object Value(object? value) => value ?? DBNull.Value;

    public static DateTime? ReadTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTime(reader.GetInt64(ordinal), DateTimeKind.Utc);

    public static SqliteCommand Command(SqliteConnection connection, string text, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter(name, null));
        return command;
    }

    public static void Set(SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    /// <summary>A prepared command made ready to run inside <paramref name="tx"/> with these values (null as SQL NULL).</summary>
    public static SqliteCommand Bind(SqliteCommand command, SqliteTransaction tx, params (string Name, object? Value)[] values)
    {
        command.Transaction = tx;
        foreach (var (name, value) in values) Set(command, name, value);
        return command;
    }
}
