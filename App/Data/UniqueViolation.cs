using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.Data;

/// <summary>A save refused by a unique index (two saves raced past a check), on either provider.</summary>
public static class UniqueViolation
{
    public static bool Is(Exception e) => IsOwn(e) || (e.InnerException is { } inner && IsOwn(inner));

    // EF Core wraps the provider's exception (DbUpdateException); raw ADO.NET (the writer) throws it as it is.
    private static bool IsOwn(Exception e) =>
        e is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
