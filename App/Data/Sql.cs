using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Dashboard.Data;

/// <summary>
/// Raw ADO.NET helpers matching how EF Core stores values on both providers: DateTimes as UTC ticks; Guids as upper-case
/// TEXT on SQLite and uuid on PostgreSQL (a Guid value is converted here, so statements pass Guids as they are).
/// </summary>
public static class Sql
{
    public static string SqliteId(Guid id) => id.ToString().ToUpperInvariant();

    /// <summary>An id as a parameter of raw SQL run through EF Core (which leaves raw parameters as they are).</summary>
    public static object IdValue(Microsoft.EntityFrameworkCore.DbContext db, Guid id) =>
        Microsoft.EntityFrameworkCore.SqliteDatabaseFacadeExtensions.IsSqlite(db.Database) ? SqliteId(id) : id;

    public static object Ticks(DateTime? value) => value is { } v ? UtcTicksConverter.ToTicks(v) : DBNull.Value;

    public static DateTime? ReadTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTime(reader.GetInt64(ordinal), DateTimeKind.Utc);

    /// <summary>A command on <paramref name="connection"/> with these parameters (named <c>@x</c>, which both providers read), reused for every run.</summary>
    public static DbCommand Command(DbConnection connection, string text, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static void Set(DbCommand command, string name, object? value) =>
        command.Parameters[name].Value = Value(value, sqlite: command is SqliteCommand);

    /// <summary>A value as a parameter takes it: null as SQL NULL, a Guid as SQLite's text where it goes to SQLite.</summary>
    public static object Value(object? value, bool sqlite) => value switch
    {
        null => DBNull.Value,
        Guid id when sqlite => SqliteId(id),
        _ => value,
    };

    /// <summary>A prepared command made ready to run inside <paramref name="tx"/> with these values (null as SQL NULL).</summary>
    public static DbCommand Bind(DbCommand command, DbTransaction tx, params (string Name, object? Value)[] values)
    {
        command.Transaction = tx;
        foreach (var (name, value) in values) Set(command, name, value);
        return command;
    }
}
