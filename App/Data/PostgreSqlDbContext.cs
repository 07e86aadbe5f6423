using Microsoft.EntityFrameworkCore;

namespace Dashboard.Data;

/// <summary>
/// The model on PostgreSQL, with its own migrations (<c>Data/Migrations/PostgreSql</c>; EF Core keeps one set per context
/// type). Every table and column name is lower case: PostgreSQL folds unquoted names to lower case, so the hot path's raw
/// SQL (<c>SELECT WebhookId FROM Deliveries</c>) reads the same on both providers.
/// </summary>
public sealed class PostgreSqlDbContext(DbContextOptions<PostgreSqlDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table) entity.SetTableName(table.ToLowerInvariant());
            foreach (var property in entity.GetProperties())
                property.SetColumnName(property.GetColumnName().ToLowerInvariant());
        }
    }
}
