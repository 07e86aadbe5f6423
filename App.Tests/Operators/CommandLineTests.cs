using Dashboard.Accounts;
using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Operators;

/// <summary><c>dotnet App.dll …</c> as an operator types it on a server (Production), on this run's provider.</summary>
public sealed class CommandLineTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
    private string? _postgres;

    private Dictionary<string, string?> Settings(string? publicUrl = "https://hooks.example.com") => _postgres is null
        ? new() { ["Database:Path"] = Path.Combine(_directory, "dashboard.db"), ["App:PublicUrl"] = publicUrl }
        : new() { ["Database:Provider"] = "PostgreSQL", ["Database:ConnectionString"] = _postgres, ["App:PublicUrl"] = publicUrl };

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        // An empty database: the command migrates it first, as serving would.
        if (TestProvider.IsPostgreSql) _postgres = TestProvider.CreateDatabase();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (_postgres is not null) TestProvider.DropDatabase(_postgres);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Help_lists_the_commands_and_needs_no_database()
    {
        var (code, output) = await AppCommandLine.RunAsync(new Dictionary<string, string?>(), "--help");

        Assert.Equal(0, code);
        Assert.Contains("operator create EMAIL", output);
        Assert.Contains("platform-app create NAME", output);
        Assert.Contains("App:PublicUrl", output);
        Assert.False(File.Exists(Path.Combine(_directory, "dashboard.db")));
    }

    [Fact]
    public async Task Operator_create_prints_a_one_time_link_and_refuses_the_same_email_twice()
    {
        var (code, output) = await AppCommandLine.RunAsync(Settings(), "operator", "create", "ops@example.com");
        Assert.True(code == 0, output);
        Assert.Matches(@"https://hooks\.example\.com/account/set-password\?user=[0-9a-f-]{36}&token=[0-9a-f]{64}", output);
        Assert.Contains("24 hours", output);

        var (again, second) = await AppCommandLine.RunAsync(Settings(), "operator", "create", "OPS@example.com");
        Assert.Equal(1, again);
        Assert.Contains("already exists", second);

        await using var db = Context();
        var user = await db.Users.SingleAsync(Ct);
        Assert.Equal(("ops@example.com", false), (user.Email, user.PasswordHash is not null)); // no password until the link is used
        var role = await db.Roles.SingleAsync(r => r.Name == InstallationRoles.Operator, Ct);
        Assert.True(await db.UserRoles.AnyAsync(r => r.UserId == user.Id && r.RoleId == role.Id, Ct));
        var secret = System.Text.RegularExpressions.Regex.Match(output, "token=([0-9a-f]{64})").Groups[1].Value;
        Assert.DoesNotContain(secret, string.Join(",", await db.UserTokens.Select(t => t.Value).ToListAsync(Ct))); // hashed at rest
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    public async Task Operator_create_with_no_email_explains_and_creates_nothing(string email)
    {
        var (code, output) = await AppCommandLine.RunAsync(Settings(), "operator", "create", email);

        Assert.Equal(2, code);
        Assert.Contains("Usage: operator create EMAIL", output);
        await using var db = Context();
        Assert.False(await db.Users.AnyAsync(Ct));
    }

    [Fact]
    public async Task Outside_development_a_missing_public_url_is_refused_with_a_clear_message()
    {
        var (code, output) = await AppCommandLine.RunAsync(Settings(publicUrl: null), "operator", "create", "ops@example.com");

        Assert.Equal(2, code);
        Assert.Contains("App:PublicUrl is required outside Development", output);
        await using var db = Context();
        Assert.False(await db.Users.AnyAsync(Ct));
    }

    [Fact]
    public async Task A_public_url_that_is_not_an_address_is_refused()
    {
        var (code, output) = await AppCommandLine.RunAsync(Settings(publicUrl: "hooks.example.com"), "operator", "create", "ops@example.com");

        Assert.Equal(2, code);
        Assert.Contains("must be an absolute http:// or https:// address", output);
    }

    [Fact]
    public async Task Platform_app_create_prints_a_token_once_that_the_platform_api_accepts()
    {
        var (code, output) = await AppCommandLine.RunAsync(Settings(), "platform-app", "create", "Acme", "Platform");

        Assert.True(code == 0, output);
        var token = System.Text.RegularExpressions.Regex.Match(output, "dshp_[0-9a-f]{64}").Value;
        Assert.NotEmpty(token);
        await using var db = Context();
        var app = await db.PlatformApps.SingleAsync(Ct);
        Assert.Equal(("Acme Platform", AccessTokens.Hash(token)), (app.Name, app.TokenHash));
    }

    [Fact]
    public async Task An_unknown_command_shows_the_help_and_fails()
    {
        var (code, output) = await AppCommandLine.RunAsync(Settings(), "operator", "delete", "ops@example.com");

        Assert.Equal(2, code);
        Assert.Contains("Unknown command: operator delete ops@example.com", output);
        Assert.Contains("operator create EMAIL", output);
    }

    private Dashboard.Data.AppDbContext Context() => _postgres is null
        ? new Dashboard.Data.AppDbContext(new DbContextOptionsBuilder<Dashboard.Data.AppDbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "dashboard.db")}").Options)
        : new Dashboard.Data.PostgreSqlDbContext(TestProvider.Options(_postgres));
}
