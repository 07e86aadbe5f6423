using Npgsql;

namespace Dashboard.Data;

/// <summary>Which database holds the data (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>The default: one process on one file, nothing to install.</summary>
    Sqlite,

    /// <summary>Several instances share one server.</summary>
    PostgreSql,
}

/// <summary>The <c>Database</c> settings, read and checked once at start: a wrong value stops the app with a message naming its key.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, Durability Durability)
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringKey = "Database:ConnectionString";

    public static DatabaseOptions Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = ParseProvider(configuration[ProviderKey]);
        var durability = configuration.GetValue("Database:Durability", Durability.Full);
        return provider == DatabaseProvider.Sqlite
            ? new(provider, SqliteDialect.ConnectionStringFor(DataSetup.DatabasePath(configuration, environment)), durability)
            : new(provider, CheckPostgreSql(configuration[ConnectionStringKey]), durability);
    }

    private static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" or "npgsql" => DatabaseProvider.PostgreSql,
        _ => throw new InvalidOperationException($"{ProviderKey} must be Sqlite or PostgreSQL; it is '{value}'."),
    };

    private static string CheckPostgreSql(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"{ConnectionStringKey} must be set when {ProviderKey} is PostgreSQL, e.g. \"Host=db;Database=dashboard;Username=dashboard;Password=…\" (environment: Database__ConnectionString).");
        NpgsqlConnectionStringBuilder parsed;
        try { parsed = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e) { throw new InvalidOperationException($"{ConnectionStringKey} is not a valid PostgreSQL connection string: {e.Message}"); }
        if (string.IsNullOrWhiteSpace(parsed.Host) || string.IsNullOrWhiteSpace(parsed.Database))
            throw new InvalidOperationException($"{ConnectionStringKey} must name a Host and a Database.");
        return parsed.ConnectionString;
    }
}
