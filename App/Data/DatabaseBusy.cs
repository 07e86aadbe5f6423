using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.Data;

/// <summary>
/// Recognises "the database cannot take this right now, try again shortly", wherever it surfaces: SQLite's lock held by
/// another connection (SQLITE_BUSY), or a PostgreSQL server that is unreachable, shutting down or out of connections.
/// The API answers it with 503 and Retry-After; the writer fails a whole group at once instead of piece by piece.
/// </summary>
public static class DatabaseBusy
{
    public static bool Is(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            // Not SQLITE_LOCKED (6): on one connection that is a conflict inside the app, a bug rather than a moment to retry.
            if (e is SqliteException { SqliteErrorCode: 5 }) return true;
            // No SQL state: the connection itself failed (refused, broken, timed out). 55P03: a lock not given within lock_timeout;
            // 53xxx: out of resources; 57P0x: shutting down.
            if (e is NpgsqlException { SqlState: null } or PostgresException { SqlState: "55P03" or "53300" or "53400" or "57P01" or "57P02" or "57P03" })
                return true;
        }
        return false;
    }
}
