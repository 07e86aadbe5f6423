using Dashboard.Accounts;
using Dashboard.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (127.0.0.1, random port) with its own SQLite file in a temp folder, or in the PostgreSQL
/// run its own database on the test server (<see cref="TestProvider"/>).
/// Extra settings (e.g. a FakeTimeProvider) go through <see cref="ConfigureSettings"/> / <see cref="ConfigureTestServices"/>.
/// </summary>
public class DashboardFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "Admin-Pass-123!";
    public const string AgentEmail = "agent@example.com";
    public const string AgentPassword = "Agent-Pass-123!";
    public const string AdminApiToken = "dsh_test_admin_token_0123456789";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
    public string DatabasePath => Path.Combine(DataDirectory, "dashboard.db");

    /// <summary>The PostgreSQL database of this app, in the PostgreSQL run; null on SQLite.</summary>
    public string? PostgreSqlConnectionString { get; } = TestProvider.IsPostgreSql ? TestProvider.CreateMigratedDatabase() : null;

    public DashboardFactory() : this(0) { }

    /// <summary>On a chosen port (0: any free one), for a test that must know the address before the app starts.</summary>
    protected DashboardFactory(int port)
    {
        Directory.CreateDirectory(DataDirectory);
        UseKestrel(port);
    }

    /// <summary>A loopback port free right now, for <see cref="DashboardFactory(int)"/>.</summary>
    protected static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Settings on top of the test defaults; override to add or change keys.</summary>
    protected virtual void ConfigureSettings(IDictionary<string, string?> settings) { }

    protected virtual void ConfigureTestServices(IServiceCollection services) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Path"] = DatabasePath,
            ["Demo:Enabled"] = "true",
            ["Demo:AdminPassword"] = AdminPassword,
            ["Demo:AgentPassword"] = AgentPassword,
            ["Demo:AdminApiToken"] = AdminApiToken,
            ["Logging:LogLevel:Default"] = "Warning",
            // A send still in flight when a test host stops should not hold the test up.
            ["Dispatch:ShutdownGrace"] = "00:00:01",
            // Every test calls from 127.0.0.1: one address's link limit would be shared by unrelated tests (RateLimitTests sets its own).
            ["RateLimits:LinksPerMinute"] = "10000",
        };
        if (PostgreSqlConnectionString is not null)
        {
            settings["Database:Provider"] = "PostgreSQL";
            settings["Database:ConnectionString"] = PostgreSqlConnectionString;
        }
        ConfigureSettings(settings);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(ConfigureTestServices);
    }

    /// <summary>Starts Kestrel (once) and returns its address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        }
    }

    public HttpClient CreateRealClient() => new() { BaseAddress = ServerAddress };

    public AppDbContext CreateDbContext()
    {
        StartServer();
        return Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
    }

    /// <summary>Polls the database (real time) until <paramref name="condition"/> holds.</summary>
    public async Task<T> WaitForAsync<T>(Func<AppDbContext, Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            await using (var db = CreateDbContext())
            {
                var value = await read(db);
                if (condition(value)) return value;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Condition not met; last value: {value}");
            }
            await Task.Delay(20);
        }
    }

    public async Task<int> DemoAccountIdAsync()
    {
        await using var db = CreateDbContext();
        return await db.Accounts.Where(a => a.Name == "Acme Support").Select(a => a.Id).SingleAsync();
    }

    /// <summary>A second tenant with its own administrator, for proving that data never crosses accounts.</summary>
    public async Task<(int AccountId, string Email, string Password, string ApiToken)> CreateAccountAsync(string name, AccountRole role = AccountRole.Administrator)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = new Account { Name = name, CreatedAt = DateTime.UtcNow };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();

        var email = $"{Guid.NewGuid():N}@{name.Replace(" ", "").ToLowerInvariant()}.test";
        const string password = "Other-Pass-123!";
        var token = AccessTokens.Generate();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, ApiTokenHash = AccessTokens.Hash(token) };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        db.AccountUsers.Add(new AccountUser { AccountId = account.Id, UserId = user.Id, Role = role });
        await db.SaveChangesAsync();
        return (account.Id, email, password, token);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (PostgreSqlConnectionString is not null) TestProvider.DropDatabase(PostgreSqlConnectionString);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
