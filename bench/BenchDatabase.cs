using System.Data.Common;
using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.Bench;

/// <summary>Which database the measurements run on: SQLite files (the default), or databases on a bench PostgreSQL server.</summary>
public sealed record BenchTarget(DatabaseProvider Provider, PostgresServer? Server = null)
{
    public static BenchTarget Sqlite { get; } = new(DatabaseProvider.Sqlite);

    public string Name => Provider == DatabaseProvider.PostgreSql ? "PostgreSQL" : "SQLite";
}

/// <summary>
/// One measurement's database: a SQLite file in a temp folder, or a fresh database on the bench's PostgreSQL server. The
/// one who made it drops it; a child process attaches to it by its <see cref="Spec"/> (several app instances may share it).
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private const string SqlitePrefix = "sqlite:";
    private const string PostgreSqlPrefix = "postgresql:";
    private readonly bool _owned;

    private BenchDatabase(DatabaseProvider provider, string location, bool owned)
    {
        Provider = provider;
        Location = location;
        _owned = owned;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file's path, or the PostgreSQL connection string (with its database).</summary>
    public string Location { get; }

    /// <summary>How a child process is told which database to attach to.</summary>
    public string Spec => (Provider == DatabaseProvider.Sqlite ? SqlitePrefix : PostgreSqlPrefix) + Location;

    public static async Task<BenchDatabase> CreateAsync(BenchTarget target, CancellationToken ct = default)
    {
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "dashboard-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            return new(DatabaseProvider.Sqlite, Path.Combine(directory, "dashboard.db"), owned: true);
        }
        var server = target.Server ?? throw new InvalidOperationException("A PostgreSQL target needs the bench's server.");
        var name = "bench_" + Guid.NewGuid().ToString("N");
        await ExecuteOnServerAsync(server.ConnectionString, $"CREATE DATABASE {name}", ct);
        return new(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ToString(), owned: true);
    }

    public static BenchDatabase Attach(string spec) =>
        spec.StartsWith(SqlitePrefix, StringComparison.Ordinal) ? new(DatabaseProvider.Sqlite, spec[SqlitePrefix.Length..], owned: false)
        : spec.StartsWith(PostgreSqlPrefix, StringComparison.Ordinal) ? new(DatabaseProvider.PostgreSql, spec[PostgreSqlPrefix.Length..], owned: false)
        : throw new ArgumentException($"Not a bench database: {spec}");

    /// <summary>The app's settings for this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => Provider == DatabaseProvider.Sqlite
        ? new Dictionary<string, string?> { ["Database:Path"] = Location }
        : new Dictionary<string, string?> { ["Database:Provider"] = "PostgreSQL", ["Database:ConnectionString"] = Location };

    /// <summary>A plain connection of the bench's own (counting, set-up); read-only on SQLite unless asked to write.</summary>
    public async Task<DbConnection> OpenAsync(bool write = false, CancellationToken ct = default)
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder
                { DataSource = Location, Mode = write ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadOnly, Pooling = false }.ToString())
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Location) { Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_owned) return;
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(Path.GetDirectoryName(Location)!, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return;
        }
        // FORCE: pooled connections of apps that have stopped may still be open.
        var name = new NpgsqlConnectionStringBuilder(Location).Database!;
        try { await ExecuteOnServerAsync(Location, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", default); }
        catch (NpgsqlException e) { Console.Error.WriteLine($"bench: could not drop {name}: {e.Message}"); }
    }

    // On the server's own "postgres" database: CREATE and DROP DATABASE cannot run inside the database they name.
    private static async Task ExecuteOnServerAsync(string connectionString, string sql, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ToString());
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
