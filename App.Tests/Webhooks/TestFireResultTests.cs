using Dashboard.Data;
using Dashboard.Webhooks;
using Dashboard.Tests.Deliveries;
using Bunit;
using Dashboard.Deliveries;
using Dashboard.Dispatch;

namespace Dashboard.Tests.Webhooks;

public sealed class TestFireResultTests : LogComponentContext
{
    private static SendOutcome Outcome(int? status, string? body = null, AttemptError error = AttemptError.None, int ms = 87) =>
        new(DateTime.UtcNow, ms, "webhook-id: x", status, status is null ? null : "Content-Type: text/plain", body, false, false, error,
            error == AttemptError.None ? null : "details", null);

    [Fact]
    public void A_success_shows_status_duration_and_the_start_of_the_body()
    {
        var body = "<b>thanks</b>" + new string('x', 1000);
        var id = Guid.CreateVersion7();

        var result = Render<TestFireResult>(p => p.Add(x => x.AccountId, Account).Add(x => x.Result, new ManualSendResult(id, Outcome(200, body))));

        Assert.Contains("HTTP 200 in 87 ms", result.Find("[data-testid=test-result-status]").TextContent);
        var shown = result.Find("[data-testid=test-result-body]").TextContent;
        Assert.Equal(body[..TestFireResult.PreviewLength] + "…", shown);
        Assert.Contains("&lt;b&gt;thanks", result.Find("[data-testid=test-result-body]").InnerHtml);
        Assert.EndsWith($"/deliveries/{id}", result.Find("[data-testid=test-result-link]").GetAttribute("href"));
    }

    [Fact]
    public void A_failure_without_an_answer_is_told_in_words()
    {
        var result = Render<TestFireResult>(p => p.Add(x => x.AccountId, Account)
            .Add(x => x.Result, new ManualSendResult(Guid.CreateVersion7(), Outcome(null, error: AttemptError.BlockedAddress, ms: 3))));

        Assert.Contains("No answer", result.Find("[data-testid=test-result-status]").TextContent);
        Assert.Contains("address is private, loopback or otherwise blocked", result.Find("[data-testid=test-result-error]").TextContent);
        Assert.Empty(result.FindAll("[data-testid=test-result-body]"));
    }

    [Fact]
    public void A_non_2xx_answer_is_shown_as_not_accepted()
    {
        var result = Render<TestFireResult>(p => p.Add(x => x.AccountId, Account).Add(x => x.Result, new ManualSendResult(Guid.CreateVersion7(), Outcome(404, "not here"))));

        Assert.Contains("HTTP 404", result.Find("[data-testid=test-result-status]").TextContent);
        Assert.Contains("did not accept", result.Find("[data-testid=test-result-status]").TextContent);
        Assert.Equal("not here", result.Find("[data-testid=test-result-body]").TextContent);
    }
}
