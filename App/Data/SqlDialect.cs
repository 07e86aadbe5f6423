using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.Data;

/// <summary>
/// What differs between the providers for the raw SQL of the hot path, chosen once at start: how the writer's connection
/// is opened, which failures hit every piece of a group alike, and how a list of ids is passed. Statements that differ
/// beyond that have a form per provider next to each other (e.g. the claim).
/// </summary>
public abstract class SqlDialect(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public abstract DatabaseProvider Provider { get; }

    /// <summary>An open connection for the writer thread, set up as the provider needs.</summary>
    public abstract DbConnection OpenWriterConnection();

    /// <summary>True when a failure is the database's, not one piece's (locked, unreachable): rerunning pieces alone would not help.</summary>
    public abstract bool FailsEveryPiece(Exception e);

    /// <summary>A condition "<paramref name="column"/> is one of the ids in <paramref name="parameter"/>" (bound with <see cref="IdList"/>).</summary>
    public abstract string InIdList(string column, string parameter);

    public abstract object IdList(IEnumerable<Guid> ids);

    /// <summary>A condition "the text array (JSON list on SQLite) <paramref name="column"/> holds <paramref name="parameter"/>".</summary>
    public abstract string ListContains(string column, string parameter);
}

public sealed class SqliteDialect(string connectionString, Durability durability = Durability.Full) : SqlDialect(connectionString)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>The command timeout matches SQLite's own busy wait: a locked file is answered within seconds (503), not after 30.</summary>
    public static string ConnectionStringFor(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path, Pooling = true, DefaultTimeout = SqliteBusyTimeoutInterceptor.BusyTimeoutMs / 1000,
    }.ToString();

    public override DbConnection OpenWriterConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // Temporary tables and journals in memory, never a file opened and deleted on the writer thread.
        pragma.CommandText = SqliteBusyTimeoutInterceptor.PragmaFor(durability) + " PRAGMA temp_store = MEMORY;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public override bool FailsEveryPiece(Exception e) => DatabaseBusy.Is(e);

    public override string InIdList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override object IdList(IEnumerable<Guid> ids) => JsonSerializer.Serialize(ids.Select(Sql.SqliteId));

    public override string ListContains(string column, string parameter) => $"EXISTS (SELECT 1 FROM json_each({column}) AS s WHERE s.value = {parameter})";
}

public sealed class PostgreSqlDialect(string connectionString) : SqlDialect(WriterConnectionString(connectionString))
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    // The writer runs the same few statements all day: Npgsql prepares them on the server after their second use. A row
    // or table another session keeps locked fails the group after 5 s (then 503 with Retry-After), as SQLite's busy wait does.
    private static string WriterConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 };
        builder.Options = $"{builder.Options} -c lock_timeout={SqliteBusyTimeoutInterceptor.BusyTimeoutMs}".Trim();
        return builder.ConnectionString;
    }

    public override DbConnection OpenWriterConnection()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override bool FailsEveryPiece(Exception e) => DatabaseBusy.Is(e);

    public override string InIdList(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object IdList(IEnumerable<Guid> ids) => ids.ToArray();

    public override string ListContains(string column, string parameter) => $"{parameter} = ANY({column})";
}
