using System.Data.Common;
using Dashboard.Accounts;
using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A real, migrated database for service and component tests (no web host, no dispatcher): a SQLite file in a temp
/// folder, or in the PostgreSQL run a database of its own on the test server. A context factory as the app registers
/// one, and raw connections for bulk inserts.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<AppDbContext>, IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
    private readonly DbContextOptions<AppDbContext>? _sqlite;
    private readonly DbContextOptions<PostgreSqlDbContext>? _postgreSql;

    public string ConnectionString { get; }

    /// <summary>The dialect the app would use on this database (for a <see cref="DatabaseWriter"/> of a test's own).</summary>
    public SqlDialect Dialect => TestProvider.IsPostgreSql ? new PostgreSqlDialect(ConnectionString) : new SqliteDialect(ConnectionString);

    public TestDatabase()
    {
        if (TestProvider.IsPostgreSql)
        {
            ConnectionString = TestProvider.CreateMigratedDatabase();
            _postgreSql = TestProvider.Options(ConnectionString);
            return;
        }
        Directory.CreateDirectory(_directory);
        // No pooling: the file can be deleted at the end without clearing other tests' pools.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "test.db"), Pooling = false }.ToString();
        _sqlite = new DbContextOptionsBuilder<AppDbContext>().UseSqlite(ConnectionString).Options;
        // Synchronous so a test can make one in a field initializer; WAL as the app switches its file at start-up.
        using var db = CreateDbContext();
        db.Database.Migrate();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    public AppDbContext CreateDbContext() => _postgreSql is not null ? new PostgreSqlDbContext(_postgreSql) : new AppDbContext(_sqlite!);

    // Public here too, so callers holding a TestDatabase need not cast to the interface for its default method.
    public Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = TestProvider.IsPostgreSql ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<int> CreateAccountAsync(string name)
    {
        await using var db = CreateDbContext();
        var account = new Account { Name = name, CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    /// <summary>A user with one membership; returns the user id (what the auth cookie carries as NameIdentifier).</summary>
    public async Task<string> CreateMemberAsync(int accountId, AccountRole role)
    {
        await using var db = CreateDbContext();
        var email = $"{Guid.NewGuid():N}@example.test";
        var user = new ApplicationUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        db.Users.Add(user);
        db.AccountUsers.Add(new AccountUser { AccountId = accountId, UserId = user.Id, Role = role });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public ValueTask DisposeAsync()
    {
        if (TestProvider.IsPostgreSql) TestProvider.DropDatabase(ConnectionString);
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
