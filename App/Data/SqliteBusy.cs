using Microsoft.Data.Sqlite;

namespace Dashboard.Data;

/// <summary>Recognises "another connection holds the lock" (SQLITE_BUSY, SQLITE_LOCKED), wherever it surfaces.</summary>
public static class SqliteBusy
{
    public static bool Is(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is SqliteException { SqliteErrorCode: 5 or 6 }) return true;
        return false;
    }
}
