using System.Text;
using System.Threading.Channels;
using Npgsql;

namespace Dashboard.Data;

/// <summary>
/// <see cref="IClusterBus"/> on PostgreSQL's LISTEN/NOTIFY (scale-out.md: wake-ups and live pages across instances):
/// <list type="bullet">
/// <item>One dedicated LISTEN connection per process, with keepalive; when it breaks it reconnects with backoff and raises
/// <see cref="Reconnected"/>, since notifications sent while it was down are gone.</item>
/// <item>NOTIFY takes a global lock at commit, so it is sent after the work committed, outside the writer's transaction, from
/// a queue that joins whatever accumulated while the last one was on its way (one "work" per round, attempts packed into
/// messages under PostgreSQL's 8,000-byte limit).</item>
/// <item>Each message carries this process's id, so its own come back and are dropped.</item>
/// </list>
/// </summary>
public sealed partial class PostgreSqlBus(string connectionString, ILogger<PostgreSqlBus> logger) : BackgroundService, IClusterBus
{
    /// <summary>The listening connection's application_name (operators and tests can find it in pg_stat_activity).</summary>
    public const string ListenerName = "dashboard-listen";

    private const int MaxMessageBytes = 7_900;
    // Indexed by ClusterChannel.
    private static readonly string[] ChannelNames = ["dashboard_work", "dashboard_attempts", "dashboard_recovery"];
    private readonly string _self = Guid.NewGuid().ToString("N")[..12];
    private readonly Channel<(ClusterChannel Channel, string Message)> _outbox =
        Channel.CreateUnbounded<(ClusterChannel, string)>(new UnboundedChannelOptions { SingleReader = true });

    public event Action<ClusterChannel, string>? Received;
    public event Action? Reconnected;

    /// <summary>How many times the LISTEN connection was (re)opened since start (1 after the first connect).</summary>
    public int Connections { get; private set; }

    /// <summary>The listener's state for the readiness check: idle while listening, working while (re)connecting.</summary>
    public Dashboard.Telemetry.LoopHeartbeat Heartbeat { get; } = new();

    public void Publish(ClusterChannel channel, string message) => _outbox.Writer.TryWrite((channel, message));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Task.Run(() => ListenAsync(stoppingToken), stoppingToken), Task.Run(() => SendAsync(stoppingToken), stoppingToken));

    private async Task ListenAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        Heartbeat.Working();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ListenerName, KeepAlive = 10, Pooling = false };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand(string.Concat(ChannelNames.Select(c => $"LISTEN {c};")), connection))
                    await listen.ExecuteNonQueryAsync(ct);
                if (++Connections > 1)
                {
                    Log.Reconnected(logger);
                    Reconnected?.Invoke();
                }
                backoff = TimeSpan.FromMilliseconds(100);
                Heartbeat.Idle();
                while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                // Down from here until the next LISTEN succeeds; an earlier failed attempt keeps its start.
                if (Heartbeat.Read().State == Dashboard.Telemetry.LoopState.Idle) Heartbeat.Working();
                Log.ListenFailed(logger, e, backoff.TotalMilliseconds);
                try { await Task.Delay(backoff, ct); } catch (OperationCanceledException) { break; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
        Heartbeat.Stopped();
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var split = e.Payload.IndexOf('|');
        if (split < 0 || e.Payload.AsSpan(0, split).SequenceEqual(_self)) return;
        var channel = (ClusterChannel)Array.IndexOf(ChannelNames, e.Channel);
        try { Received?.Invoke(channel, e.Payload[(split + 1)..]); }
        catch (Exception ex) { Log.HandlerFailed(logger, ex); }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(ct))
            {
                var work = false;
                var messages = new Dictionary<ClusterChannel, List<string>>();
                while (reader.TryRead(out var item))
                    if (item.Channel == ClusterChannel.Work) work = true;
                    else (messages.TryGetValue(item.Channel, out var list) ? list : messages[item.Channel] = []).Add(item.Message);
                try { await NotifyAsync(work, messages, ct); }
                catch (Exception e) when (e is not OperationCanceledException) { Log.NotifyFailed(logger, e); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private async Task NotifyAsync(bool work, Dictionary<ClusterChannel, List<string>> messages, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        if (work) Add(batch, ChannelNames[(int)ClusterChannel.Work], "");
        foreach (var (channel, list) in messages)
            foreach (var message in Pack(list)) Add(batch, ChannelNames[(int)channel], message);
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    private void Add(NpgsqlBatch batch, string channel, string message) =>
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = channel }, new() { Value = $"{_self}|{message}" } } });

    /// <summary>The messages joined by <see cref="ClusterBus.Separator"/>, each pack under the size PostgreSQL takes.</summary>
    private static IEnumerable<string> Pack(List<string> messages)
    {
        var pack = new StringBuilder();
        foreach (var message in messages)
        {
            if (pack.Length > 0 && Encoding.UTF8.GetByteCount(message) + pack.Length + 1 > MaxMessageBytes)
            {
                yield return pack.ToString();
                pack.Clear();
            }
            if (pack.Length > 0) pack.Append(ClusterBus.Separator);
            pack.Append(message);
        }
        if (pack.Length > 0) yield return pack.ToString();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The LISTEN connection failed; reconnecting in {DelayMs} ms.")]
        public static partial void ListenFailed(ILogger logger, Exception e, double delayMs);

        [LoggerMessage(2, LogLevel.Information, "The LISTEN connection is back; looking at the rows again for what was missed.")]
        public static partial void Reconnected(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "A NOTIFY to the other instances failed; they find the work at their next sweep.")]
        public static partial void NotifyFailed(ILogger logger, Exception e);

        [LoggerMessage(4, LogLevel.Error, "A handler of cluster news failed.")]
        public static partial void HandlerFailed(ILogger logger, Exception e);
    }
}
