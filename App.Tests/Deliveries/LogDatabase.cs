using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Deliveries;

/// <summary>A migrated SQLite file of its own (no app, no dispatcher) for log tests; also a context factory and raw connections for bulk inserts.</summary>
public sealed class LogDatabase : IDbContextFactory<AppDbContext>, IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
    private readonly DbContextOptions<AppDbContext> _options;

    public string ConnectionString { get; }

    private LogDatabase()
    {
        Directory.CreateDirectory(_dir);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, "test.db"), Pooling = false }.ToString();
        _options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite(ConnectionString).Options;
    }

    public static async Task<LogDatabase> CreateAsync()
    {
        var database = new LogDatabase();
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        return database;
    }

    public AppDbContext CreateDbContext() => new(_options);

    public async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
