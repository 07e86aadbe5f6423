using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Counts the EF Core commands, of any app host in this process, that carry one of the given values as a parameter (a
/// token hash, a user id): test classes run in parallel, so a value only one test uses tells its commands apart.
/// </summary>
public sealed class DbCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly HashSet<string> _values;
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly List<IDisposable> _subscriptions = [];

    public DbCommandCounter(params string[] values)
    {
        _values = [.. values];
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>Commands so far with <paramref name="value"/> among their parameters.</summary>
    public int With(string value) => _counts.GetValueOrDefault(value);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != RelationalEventId.CommandExecuting.Name || value.Value is not CommandEventData data) return;
        foreach (DbParameter parameter in data.Command.Parameters)
            if (parameter.Value is string text && _values.Contains(text)) _counts.AddOrUpdate(text, 1, (_, n) => n + 1);
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    public void Dispose()
    {
        lock (_subscriptions)
            foreach (var subscription in _subscriptions) subscription.Dispose();
    }
}
