using Dashboard.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OpenTelemetry.Metrics;

namespace Dashboard.Data;

public static class DataSetup
{
    /// <summary>The SQLite file: <c>Database:Path</c>, relative to the content root; default <c>data/dashboard.db</c> (git-ignored).</summary>
    public static string DatabasePath(IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetFullPath(configuration["Database:Path"] ?? "data/dashboard.db", environment.ContentRootPath);

    /// <summary>
    /// The database chosen by <c>Database:Provider</c>: a context factory for everything that reads and edits through
    /// EF Core, and the one raw-SQL writer with the provider's <see cref="SqlDialect"/> for the hot path.
    /// </summary>
    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        var options = DatabaseOptions.Read(builder.Configuration, builder.Environment);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddDashboardMetrics();
        var health = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ServiceDefaults.ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<WriterHealthCheck>("writer", tags: [ServiceDefaults.ReadyTag]);
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddSingleton<SqlDialect>(new PostgreSqlDialect(options.ConnectionString));
            services.AddDbContextFactory<PostgreSqlDbContext>(o => o.UseNpgsql(options.ConnectionString));
            // Everything asks for AppDbContext; on PostgreSQL that is the derived context with its own migrations.
            services.AddSingleton<IDbContextFactory<AppDbContext>>(sp => new BaseContextFactory(sp.GetRequiredService<IDbContextFactory<PostgreSqlDbContext>>()));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgreSqlDbContext>());
            services.AddSingleton(sp => new PostgreSqlBus(options.ConnectionString, sp.GetRequiredService<ILogger<PostgreSqlBus>>()));
            services.AddSingleton<IClusterBus>(sp => sp.GetRequiredService<PostgreSqlBus>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlBus>());
            health.AddCheck<ListenHealthCheck>("listen", tags: [ServiceDefaults.ReadyTag]);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath(builder.Configuration, builder.Environment))!);
            services.AddSingleton<SqlDialect>(new SqliteDialect(options.ConnectionString, options.Durability));
            services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite(options.ConnectionString).AddInterceptors(new SqliteBusyTimeoutInterceptor(options.Durability)));
            services.AddSingleton<IClusterBus, SingleProcessBus>();
        }
        // A factory, not an instance: the container then disposes it (its thread stops, its connection closes).
        services.AddSingleton(sp => new DatabaseWriter(sp.GetRequiredService<SqlDialect>()));
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddInstrumentation(sp => new WriterGauges(
            sp.GetRequiredService<DashboardMetrics>(), sp.GetRequiredService<DatabaseWriter>())));
        builder.AddSharedKeyRing();
        return builder;
    }

    /// <summary>
    /// Applies migrations; on SQLite also switches the file to WAL, so readers never wait for the dispatcher's writes.
    /// On PostgreSQL, instances starting together apply it once, in turn.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            return;
        }
        // Instances starting together migrate in turn (EF Core's own lock was seen to let two create the same table): a
        // session lock on a connection of its own, held while the migration runs on EF's, freed when it closes (also on a crash).
        await using var gate = new Npgsql.NpgsqlConnection(app.Services.GetRequiredService<DatabaseOptions>().ConnectionString);
        await gate.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({ExclusiveJob.LockSpace}, {ExclusiveJob.Migration})", gate))
            await take.ExecuteNonQueryAsync();
        // The history table made first, with EF Core's own script: on an empty database Npgsql's migrator would read it before
        // creating it and log that failure as an error (npgsql/efcore.pg#3407), in every first deployment's log.
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript());
        await db.Database.MigrateAsync();
    }

    private sealed class BaseContextFactory(IDbContextFactory<PostgreSqlDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
