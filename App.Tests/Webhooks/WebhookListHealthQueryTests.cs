using System.Data.Common;
using Dashboard.Data;
using Dashboard.Deliveries;
using Dashboard.Tests.Deliveries;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Webhooks;

/// <summary>The list's health column: the newest delivery of each webhook and its last 24 hours, for one account, in one statement.</summary>
public sealed class WebhookListHealthQueryTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 30, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(Now));
    private int _account, _other, _busy, _quiet, _foreign;

    public async ValueTask InitializeAsync()
    {
        await using var connection = await _db.OpenAsync();
        _account = await LogData.AddAccountAsync(connection, "Acme");
        _other = await LogData.AddAccountAsync(connection, "Other");
        _busy = await LogData.AddWebhookAsync(connection, _account, "https://busy.example/in", "Busy");
        _quiet = await LogData.AddWebhookAsync(connection, _account, "https://quiet.example/in");
        _foreign = await LogData.AddWebhookAsync(connection, _other, "https://other.example/in");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Each_webhook_gets_its_newest_delivery_whatever_its_status_and_its_tries_of_the_last_24_hours()
    {
        await using (var connection = await _db.OpenAsync())
        {
            // Busy: an old success, a failure, then the newest one retrying after three tries (HTTP 503).
            var statuses = new[] { DeliveryStatus.Succeeded, DeliveryStatus.Failed, DeliveryStatus.Pending };
            var rows = LogData.Generate(3, _account, [_busy], Now.AddHours(-2), i => statuses[i]);
            var foreign = LogData.Generate(1, _other, [_foreign], Now.AddMinutes(-1));
            await LogData.InsertAsync(connection, [.. rows, .. foreign]);
            await ExecuteAsync(connection, "UPDATE Deliveries SET Attempts = 3, LastStatusCode = 503, LastAttemptAt = @t, NextAttemptAt = @n WHERE Id = @id",
                ("@t", Now.AddMinutes(-4).Ticks), ("@n", Now.AddMinutes(25).Ticks), ("@id", rows[2].Id));
            // Tries counted by the hourly trigger: 1 of 4 succeeded in the last 24 h; 5 older ones (yesterday's) do not count.
            for (var i = 0; i < 4; i++) await LogData.AddAttemptAsync(connection, rows[2], i + 1, Now.AddHours(-i), succeeded: i == 3);
            for (var i = 0; i < 5; i++) await LogData.AddAttemptAsync(connection, rows[0], i + 1, Now.AddHours(-30), succeeded: true);
        }

        var health = await new WebhookListHealthQuery(_db, _time).ForAccountAsync(_account, TestContext.Current.CancellationToken);

        Assert.Equal([_busy, _quiet], health.Keys.Order());
        var busy = health[_busy];
        Assert.Equal(new LastDelivery(DeliveryStatus.Pending, 3, 503, null, Now.AddMinutes(-4), Now.AddMinutes(25), Now.AddHours(-2).AddSeconds(2)), busy.Last);
        Assert.Equal("HTTP 503", busy.Last!.Result);
        Assert.True(busy.Last.Failed);
        Assert.Equal((4, 1), (busy.Attempts24h, busy.Succeeded24h));
        Assert.Equal("75 % errors (4 tries, 24 h)", busy.ErrorRateText);

        var quiet = health[_quiet];
        Assert.Null(quiet.Last);
        Assert.Equal("No tries in 24 h", quiet.ErrorRateText);
    }

    [Theory]
    [InlineData(DeliveryStatus.Succeeded)]
    [InlineData(DeliveryStatus.Cancelled)]
    [InlineData(DeliveryStatus.Failed)]
    public async Task The_newest_delivery_wins_over_older_ones_of_every_other_status(DeliveryStatus newest)
    {
        await using (var connection = await _db.OpenAsync())
        {
            var others = Enum.GetValues<DeliveryStatus>().Where(s => s != newest).ToArray();
            var rows = LogData.Generate(others.Length + 1, _account, [_busy], Now.AddHours(-1), i => i < others.Length ? others[i] : newest);
            await LogData.InsertAsync(connection, rows);
        }

        var health = await new WebhookListHealthQuery(_db, _time).ForAccountAsync(_account, TestContext.Current.CancellationToken);

        Assert.Equal(newest, health[_busy].Last!.Status);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, params (string Name, object? Value)[] values)
    {
        await using var command = Sql.Command(connection, sql, values.Select(v => v.Name).ToArray());
        foreach (var (name, value) in values) Sql.Set(command, name, value);
        await command.ExecuteNonQueryAsync();
    }
}
