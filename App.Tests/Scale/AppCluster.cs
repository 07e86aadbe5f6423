using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Data;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Scale;

/// <summary>
/// Several instances of the built app (<see cref="AppProcess"/>, real OS processes) on one PostgreSQL database of their
/// own, configured through environment variables as in a deployment, each with an HTTP client. Disposing kills every
/// process and drops the database.
/// </summary>
public sealed partial class AppCluster : IAsyncDisposable
{
    /// <summary>
    /// Short, so a killed instance's work comes back within seconds, yet far above a send here (a few ms): its clock starts
    /// before the claim waits its turn at the writer, and on two busy cores that wait plus the send took over 2 s, so with
    /// 3 s live instances lost leases and sent again.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Sweep = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Dictionary<string, string> _settings;
    private readonly AppProcess?[] _processes;
    private readonly HttpClient?[] _clients;
    private readonly List<string> _earlierOutput = [];

    private AppCluster(int size, string connectionString, IDictionary<string, string>? settings)
    {
        ConnectionString = connectionString;
        _processes = new AppProcess?[size];
        _clients = new HttpClient?[size];
        _settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["Database:ConnectionString"] = connectionString,
            ["Demo:Enabled"] = "true",
            ["Demo:AdminPassword"] = DashboardFactory.AdminPassword,
            ["Demo:AgentPassword"] = DashboardFactory.AgentPassword,
            ["Demo:AdminApiToken"] = DashboardFactory.AdminApiToken,
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Dispatch:SweepInterval"] = Sweep.ToString(),
            ["Dispatch:Timeout"] = "00:00:05",
            ["Dispatch:LeaseDuration"] = Lease.ToString(),
            ["Dispatch:ShutdownGrace"] = "00:00:01",
            // Bursts measure the instances, not the limiter.
            ["RateLimits:IngestionPerSecond"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) _settings[key] = value;
    }

    /// <summary>A cluster of <paramref name="size"/> instances (none started yet) on a new database, migrated or empty.</summary>
    public static AppCluster Create(int size, bool migrated = true, IDictionary<string, string>? settings = null) =>
        new(size, migrated ? TestProvider.CreateMigratedDatabase() : TestProvider.CreateDatabase(), settings);

    public string ConnectionString { get; }

    public int Size => _processes.Length;

    /// <summary>Starts every instance at once and waits until all serve.</summary>
    public Task StartAllAsync() => Task.WhenAll(Enumerable.Range(0, Size).Select(StartAsync));

    /// <summary>Starts instance <paramref name="index"/> (again, after a kill: same settings, new port).</summary>
    public async Task StartAsync(int index)
    {
        var process = await AppProcess.StartAsync(_settings, StartTimeout);
        _processes[index] = process;
        var address = ListeningOn().Match(process.Output) is { Success: true } m
            ? new Uri(m.Groups[1].Value)
            : throw new InvalidOperationException("The app did not say where it listens:\n" + process.Output);
        Volatile.Write(ref _clients[index], new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) });
    }

    public AppProcess Process(int index) => _processes[index] ?? throw new InvalidOperationException($"Instance {index} is not running.");

    /// <summary>The client of a running instance, or null while it is down.</summary>
    public HttpClient? Client(int index) => Volatile.Read(ref _clients[index]);

    /// <summary>SIGKILL, with requests in flight; afterwards <see cref="Client"/> answers null until a restart.</summary>
    public async Task KillAsync(int index)
    {
        var process = Process(index);
        await process.KillAsync();
        var client = Interlocked.Exchange(ref _clients[index], null);
        _processes[index] = null;
        lock (_earlierOutput) _earlierOutput.Add($"--- instance {index} (pid {process.Id}, killed) ---\n{process.Output}");
        await process.DisposeAsync();
        client?.Dispose();
    }

    /// <summary>Every instance's output, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_earlierOutput)
                return string.Join('\n', _earlierOutput.Concat(_processes.Select((p, i) => p is null ? "" : $"--- instance {i} (pid {p.Id}) ---\n{p.Output}")));
        }
    }

    public async Task<int> DemoAccountIdAsync() =>
        (int)await ScalarAsync("SELECT id FROM accounts WHERE name = 'Acme Support'");

    /// <summary>Creates a webhook through the API of instance 0; returns its id.</summary>
    public async Task<int> CreateWebhookAsync(int accountId, string url, params string[] subscriptions)
    {
        var body = new JsonObject { ["webhook"] = new JsonObject { ["url"] = url, ["subscriptions"] = new JsonArray([.. subscriptions.Select(s => JsonValue.Create(s))]) } };
        using var response = await Client(0)!.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/webhooks", DashboardFactory.AdminApiToken, body.ToJsonString());
        var json = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"Creating a webhook answered {(int)response.StatusCode}: {json}");
        return json["payload"]!["webhook"]!["id"]!.GetValue<int>();
    }

    public async Task DeleteWebhookAsync(int accountId, int webhookId)
    {
        using var response = await Client(0)!.SendAsync(HttpMethod.Delete, $"/api/v1/accounts/{accountId}/webhooks/{webhookId}", DashboardFactory.AdminApiToken);
        Assert.True(response.IsSuccessStatusCode, $"Deleting webhook {webhookId} answered {(int)response.StatusCode}.");
    }

    /// <summary>A fresh request posting <paramref name="json"/> as an event (a request can be sent once, so retries need a new one).</summary>
    public static HttpRequestMessage EventRequest(int accountId, string json, string? idempotencyKey = null)
    {
        var request = ApiCalls.Request(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", DashboardFactory.AdminApiToken, json);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>One value from the cluster's database, read on a connection of the test's own.</summary>
    public async Task<object> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) ?? DBNull.Value;
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync(sql, parameters));

    /// <summary>The deliveries still pending under a lease of the process <paramref name="pid"/> (e.g. one just killed).</summary>
    public async Task<HashSet<Guid>> LeasedByAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        // A lease token is "machine/pid/start id/sequence" (Dispatcher.NewLease).
        await using var command = new NpgsqlCommand(
            $"SELECT id FROM deliveries WHERE status = {SqlStatus.Pending} AND split_part(leaseowner, '/', 2) = @pid", connection);
        command.Parameters.AddWithValue("pid", pid.ToString(CultureInfo.InvariantCulture));
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < Size; i++)
        {
            Interlocked.Exchange(ref _clients[i], null)?.Dispose();
            if (_processes[i] is { } process) await process.DisposeAsync();
            _processes[i] = null;
        }
        TestProvider.DropDatabase(ConnectionString);
    }

    // Printed by the app once it serves (Console, so also at log level Warning).
    [GeneratedRegex(@"Dashboard is running: open (http://\S+)")]
    private static partial Regex ListeningOn();
}
