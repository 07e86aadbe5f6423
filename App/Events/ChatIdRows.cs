using System.Data.Common;
using Dashboard.Data;

namespace Dashboard.Events;

/// <summary>
/// Queues an event's chat ids on the publish's batch, in one statement per event (prepared once per count, at most
/// <see cref="ChatIds.Max"/>): a separate piece of the publish, beside the event row.
/// </summary>
internal sealed class ChatIdRows(DbConnection connection) : IDisposable
{
    private readonly DbCommand?[] _inserts = new DbCommand?[ChatIds.Max + 1];

    public void Add(StatementBatch batch, int accountId, Guid eventId, IReadOnlyList<ChatId> ids)
    {
        if (ids.Count == 0) return;
        var command = _inserts[ids.Count] ??= Prepare(ids.Count);
        var values = new List<(string, object?)>(2 + ids.Count * 2) { ("@account", accountId), ("@event", eventId) };
        for (var i = 0; i < ids.Count; i++) values.AddRange([($"@k{i}", (int)ids[i].Kind), ($"@v{i}", ids[i].Value)]);
        batch.Add(command, [.. values]);
    }

    private DbCommand Prepare(int count)
    {
        var rows = string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@account, @event, @k{i}, @v{i})"));
        var names = new[] { "@account", "@event" }.Concat(Enumerable.Range(0, count).SelectMany(i => new[] { $"@k{i}", $"@v{i}" })).ToArray();
        return Sql.Command(connection, $"INSERT INTO EventChatIds (AccountId, EventId, Kind, Value) VALUES {rows}", names);
    }

    public void Dispose()
    {
        foreach (var command in _inserts) command?.Dispose();
    }
}
