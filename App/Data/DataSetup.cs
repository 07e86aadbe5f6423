using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Data;

public static class DataSetup
{
    /// <summary>The SQLite file: <c>Database:Path</c>, relative to the content root; default <c>data/dashboard.db</c> (git-ignored).</summary>
    public static string DatabasePath(IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetFullPath(configuration["Database:Path"] ?? "data/dashboard.db", environment.ContentRootPath);

    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        var path = DatabasePath(builder.Configuration, builder.Environment);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // The command timeout matches SQLite's own busy wait: a locked file is answered within seconds (503), not after 30.
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path, Pooling = true, DefaultTimeout = SqliteBusyTimeoutInterceptor.BusyTimeoutMs / 1000,
        }.ToString();
        var durability = builder.Configuration.GetValue("Database:Durability", Durability.Full);

        // A short context per operation (components, dispatcher); Identity gets the scoped one registered alongside.
        // A factory, not an instance: the container then disposes it (its thread stops, its connection closes).
        builder.Services.AddSingleton(_ => new SqliteWriter(connectionString, durability));
        builder.Services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqliteBusyTimeoutInterceptor(durability)));
        return builder;
    }

    /// <summary>Applies migrations and switches the file to WAL, so readers never wait for the dispatcher's writes.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
