using System.Diagnostics;
using System.Text.Json.Nodes;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Api;

/// <summary>
/// A real client of the chat platform, unchanged: the npm <c>@figuro/chatwoot-sdk</c> (generated from its swagger; flat
/// bodies, the token as <c>api_access_token</c>) run by Node against the real app (<c>Clients/</c>; the test command
/// installs it with <c>npm ci</c>).
/// </summary>
public sealed class RealClientTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static readonly string ClientsFolder = Path.Combine(RepositoryRoot.Path, "App.Tests", "Api", "Clients");

    [Fact]
    public async Task The_npm_chatwoot_sdk_creates_lists_updates_and_deletes_webhooks_and_reads_our_refusals()
    {
        var (accountId, email, _, token) = await app.CreateAccountAsync("Figuro SDK");

        var result = await RunNodeAsync("figuro-sdk-webhooks.js", app.ServerAddress.ToString().TrimEnd('/'), accountId.ToString(), token);

        Assert.Equal(email, Value(result, "profile")["email"]!.GetValue<string>());
        var created = Value(result, "created")["payload"]!["webhook"]!;
        Assert.Equal("https://sdk.example/hook", created["url"]!.GetValue<string>());
        Assert.Equal(created["id"]!.GetValue<int>(), Value(result, "listed")["payload"]!["webhooks"]!.AsArray().Single()!["id"]!.GetValue<int>());
        var updated = Value(result, "updated")["payload"]!["webhook"]!;
        Assert.Equal(("https://sdk.example/v2", "message_updated"), (updated["url"]!.GetValue<string>(), updated["subscriptions"]!.AsArray().Single()!.GetValue<string>()));
        AssertRefused(result, "invalid", 422, """{"message":"Url is invalid","attributes":["url"]}""");
        AssertRefused(result, "taken", 422, """{"message":"Url has already been taken","attributes":["url"]}""");
        AssertRefused(result, "unauthorized", 401, """{"error":"Invalid Access Token"}""");
        Assert.True(result["deleted"]!["ok"]!.GetValue<bool>());
        AssertRefused(result, "deletedAgain", 404, """{"error":"Resource could not be found"}""");
        Assert.Empty(Value(result, "after")["payload"]!["webhooks"]!.AsArray());

        await using var db = app.CreateDbContext();
        Assert.False(await db.Webhooks.AnyAsync(w => w.AccountId == accountId, TestContext.Current.CancellationToken));
    }

    private static JsonNode Value(JsonObject result, string step)
    {
        var outcome = result[step]!;
        Assert.True(outcome["ok"]!.GetValue<bool>(), $"{step}: {outcome.ToJsonString()}");
        return outcome["value"]!;
    }

    private static void AssertRefused(JsonObject result, string step, int status, string body)
    {
        var outcome = result[step]!;
        Assert.False(outcome["ok"]!.GetValue<bool>(), $"{step} was accepted: {outcome.ToJsonString()}");
        Assert.Equal(status, outcome["status"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), outcome["body"]), $"{step}: {outcome["body"]?.ToJsonString()}");
    }

    /// <summary>Runs a script of <c>Clients/</c> and reads the one JSON line it prints.</summary>
    private static async Task<JsonObject> RunNodeAsync(string script, params string[] args)
    {
        Assert.True(Directory.Exists(Path.Combine(ClientsFolder, "node_modules")),
            $"The clients are not installed: run `npm ci --prefix {ClientsFolder}` (scripts/test.sh does).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = ClientsFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"node {script} exited {process.ExitCode}: {await stderr}");
        return Assert.IsType<JsonObject>(JsonNode.Parse((await stdout).Trim()));
    }
}
