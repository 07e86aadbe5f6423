using System.Data.Common;

namespace Dashboard.Data;

/// <summary>
/// Statements that run in order inside one transaction, none depending on another's answer in C#: where the provider
/// can, in one round trip (PostgreSQL, an <c>NpgsqlBatch</c>; each statement still sees the ones before it), else one
/// after the other on their prepared commands (SQLite, in process, where a round trip costs nothing).
/// </summary>
public sealed class StatementBatch(DbConnection connection, DbTransaction transaction)
{
    private readonly List<(DbCommand Statement, (string Name, object? Value)[] Values)> _statements = [];

    public DbTransaction Transaction => transaction;

    /// <summary>Queues <paramref name="statement"/> (its text, or itself where run one by one) with these values; returns its position.</summary>
    public int Add(DbCommand statement, params (string Name, object? Value)[] values)
    {
        _statements.Add((statement, values));
        return _statements.Count - 1;
    }

    /// <summary>Runs them all; the rows each one changed, by position.</summary>
    public int[] Execute()
    {
        var changed = new int[_statements.Count];
        if (_statements.Count == 0) return changed;
        if (!connection.CanCreateBatch)
        {
            for (var i = 0; i < _statements.Count; i++)
                changed[i] = Sql.Bind(_statements[i].Statement, transaction, _statements[i].Values).ExecuteNonQuery();
            return changed;
        }
        using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var (statement, values) in _statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.CommandText;
            foreach (var (name, value) in values)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = Sql.Value(value, sqlite: connection is Microsoft.Data.Sqlite.SqliteConnection);
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
        }
        batch.ExecuteNonQuery();
        for (var i = 0; i < changed.Length; i++) changed[i] = batch.BatchCommands[i].RecordsAffected;
        return changed;
    }
}
