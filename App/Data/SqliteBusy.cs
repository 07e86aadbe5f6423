using Microsoft.Data.Sqlite;

namespace Dashboard.Data;

/// <summary>Recognises "another connection holds the lock" (SQLITE_BUSY), wherever it surfaces.</summary>
public static class SqliteBusy
{
    public static bool Is(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            // Not SQLITE_LOCKED (6): on one connection that is a conflict inside the app, a bug rather than a moment to retry.
            if (e is SqliteException { SqliteErrorCode: 5 }) return true;
        return false;
    }
}
