using System.Text.Json.Nodes;

namespace Dashboard.Tests.Telemetry;

/// <summary>Reads <c>/health/…</c> over real HTTP: the status code and each check's status and description.</summary>
public static class HealthProbe
{
    public sealed record Answer(int Status, string Body, JsonObject Json)
    {
        public string Overall => Json["status"]!.GetValue<string>();

        public string? CheckStatus(string name) => Json["checks"]?[name]?["status"]?.GetValue<string>();

        public string CheckDescription(string name) => Json["checks"]?[name]?["description"]?.GetValue<string>() ?? "";
    }

    public static async Task<Answer> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Answer((int)response.StatusCode, body, (JsonObject)JsonNode.Parse(body)!);
    }

    /// <summary>Probes until <paramref name="condition"/> holds (real time), as an orchestrator would; returns that answer.</summary>
    public static async Task<Answer> WaitForAsync(HttpClient client, string path, Func<Answer, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var answer = await ReadAsync(client, path);
            if (condition(answer)) return answer;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} never met the condition; last answer {answer.Status}: {answer.Body}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
