using Dashboard.Accounts;
using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Dashboard.Tests.Infrastructure;

/// <summary>A real, migrated SQLite file in a temp folder for service and component tests (no web host).</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));

    public IDbContextFactory<AppDbContext> Factory { get; }

    public TestDatabase()
    {
        Directory.CreateDirectory(_directory);
        // No pooling: the file can be deleted at the end without clearing other tests' pools.
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "test.db"), Pooling = false }.ToString();
        Factory = new PooledDbContextFactory<AppDbContext>(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connection).Options);
        using var db = Factory.CreateDbContext();
        db.Database.Migrate();
    }

    public async Task<int> CreateAccountAsync(string name)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var account = new Account { Name = name, CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    /// <summary>A user with one membership; returns the user id (what the auth cookie carries as NameIdentifier).</summary>
    public async Task<string> CreateMemberAsync(int accountId, AccountRole role)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var email = $"{Guid.NewGuid():N}@example.test";
        var user = new ApplicationUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        db.Users.Add(user);
        db.AccountUsers.Add(new AccountUser { AccountId = accountId, UserId = user.Id, Role = role });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
