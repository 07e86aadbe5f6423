using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.Data;

/// <summary>A save refused by a unique index (two saves raced past a check), on either provider.</summary>
public static class UniqueViolation
{
    public static bool Is(Exception e) =>
        e.InnerException is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
