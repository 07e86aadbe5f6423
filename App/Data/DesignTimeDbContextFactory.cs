using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Dashboard.Data;

/// <summary>
/// Makes the contexts for <c>dotnet ef</c>: <see cref="PostgreSqlDbContext"/> without the app (whose host registers
/// SQLite only), and <see cref="AppDbContext"/> through the app's own <see cref="DataSetup.AddData"/>, as before.
/// </summary>
/// <remarks>
/// One class for both because the factory interface is covariant: EF takes any factory assignable to
/// <c>IDesignTimeDbContextFactory&lt;AppDbContext&gt;</c> for <c>--context AppDbContext</c>, and a PostgreSQL-only one is,
/// so SQLite's migrations would silently be made on the PostgreSQL context. An exact implementation wins over the variant.
/// </remarks>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlDbContext>, IDesignTimeDbContextFactory<AppDbContext>
{
    // The app's own setting (Database:ConnectionString). Adding a migration needs no server, so a placeholder
    // will do; `dotnet ef database update --connection "..."` overrides either.
    private const string PostgreSqlVariable = "Database__ConnectionString";

    public PostgreSqlDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable(PostgreSqlVariable) ?? "Host=localhost;Database=dashboard;Username=postgres";
        return new PostgreSqlDbContext(new DbContextOptionsBuilder<PostgreSqlDbContext>().UseNpgsql(connectionString).Options);
    }

    AppDbContext IDesignTimeDbContextFactory<AppDbContext>.CreateDbContext(string[] args)
    {
        // The app's registration on a bare host: same file, settings and interceptor as at run time; nothing is started.
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddData();
        return builder.Build().Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
    }
}
