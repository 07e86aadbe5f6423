using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The database provider this test run is for. scripts/test.sh runs the whole suite twice: on SQLite (the default), then
/// with DASHBOARD_TEST_PROVIDER=PostgreSQL against a throwaway server it starts and names in DASHBOARD_TEST_POSTGRES
/// (a connection string without a database). Each test that needs a database makes its own, so parallel tests never share.
/// </summary>
public static class TestProvider
{
    public const string ProviderVariable = "DASHBOARD_TEST_PROVIDER";
    public const string ServerVariable = "DASHBOARD_TEST_POSTGRES";

    public static bool IsPostgreSql { get; } =
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    /// <summary>The test server, without a database.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: the PostgreSQL tests need a server (run scripts/test.sh, which starts one, " +
                $"or set it to a connection string without a database, e.g. Host=127.0.0.1;Port=5432;Username=postgres).");

    /// <summary>Creates a fresh, empty database with a unique name; returns its full connection string.</summary>
    public static string CreateDatabase()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE DATABASE {Quote(name)}");
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, IncludeErrorDetail = true }.ToString();
    }

    private static readonly Lock TemplateGate = new();
    private static string? _template;

    /// <summary>
    /// A fresh database with the app's migrations already applied: a copy of a template migrated once per test run
    /// (copying takes a few ms; migrating each database would take hundreds).
    /// </summary>
    public static string CreateMigratedDatabase()
    {
        lock (TemplateGate)
        {
            _template ??= MigratedTemplate();
            var name = "t_" + Guid.NewGuid().ToString("N");
            // Copies take turns: a template cannot be copied while another copy of it is being made.
            Execute($"CREATE DATABASE {Quote(name)} TEMPLATE {Quote(_template)}");
            return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, IncludeErrorDetail = true }.ToString();
        }
    }

    public static DbContextOptions<PostgreSqlDbContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<PostgreSqlDbContext>().UseNpgsql(connectionString).Options;

    private static string MigratedTemplate()
    {
        var connectionString = CreateDatabase();
        using (var db = new PostgreSqlDbContext(Options(connectionString))) db.Database.Migrate();
        // No connection may stay open to a template while it is copied.
        using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        return new NpgsqlConnectionStringBuilder(connectionString).Database!;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, even with connections still open; never throws.</summary>
    public static void DropDatabase(string connectionString)
    {
        try
        {
            // The pool would otherwise keep idle connections to a database that is gone.
            using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
            Execute($"DROP DATABASE IF EXISTS {Quote(new NpgsqlConnectionStringBuilder(connectionString).Database!)} WITH (FORCE)");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            // Clean-up only: a database left behind goes with the throwaway server.
        }
    }

    // On the server's own "postgres" database: CREATE and DROP DATABASE cannot run inside the database they name.
    private static void Execute(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres" };
        using var connection = new NpgsqlConnection(admin.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
