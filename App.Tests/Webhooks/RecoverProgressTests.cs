using Bunit;
using Dashboard.Webhooks;
using MudBlazor.Services;

namespace Dashboard.Tests.Webhooks;

/// <summary>The Recover bar and line say what happened: green only when every resend got through.</summary>
public sealed class RecoverProgressTests : BunitContext
{
    private static readonly DateTime Since = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    public RecoverProgressTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    private IRenderedComponent<RecoverProgress> Show(int total, int done, int succeeded, bool finished, bool gone = false, int broughtForward = 0) =>
        Render<RecoverProgress>(p => p.Add(x => x.Progress, new RecoveryProgress(1, 2, Since, total, done, succeeded, finished, gone, broughtForward)));

    [Theory]
    [InlineData(3, 3, true, "succeeded", "mud-progress-linear-color-success", "Done: all 3 resent and accepted.")]
    [InlineData(3, 0, true, "failed", "mud-progress-linear-color-error", "Done: all 3 resent, and every one failed again. Check the receiver, then try again.")]
    [InlineData(3, 1, true, "mixed", "mud-progress-linear-color-warning", "Done: 3 resent: 1 succeeded, 2 failed.")]
    [InlineData(2, 1, false, "running", "mud-progress-linear-color-primary", "2 of 3 resent: 1 succeeded, 1 failed…")]
    public void The_bar_turns_green_only_when_every_resend_got_through(int done, int succeeded, bool finished, string outcome, string colourClass, string summary)
    {
        var cut = Show(3, done, succeeded, finished);

        var bar = cut.Find("[data-testid=recover-bar]");
        Assert.Equal(outcome, bar.GetAttribute("data-outcome"));
        Assert.Contains(colourClass, bar.ClassName);
        Assert.Equal(summary, cut.Find("[data-testid=recover-progress]").TextContent.Trim());
    }

    [Fact]
    public void A_stop_at_410_names_the_counts_and_why_the_rest_were_not_sent()
    {
        var cut = Show(5, 2, 1, finished: true, gone: true);

        Assert.Equal("Stopped after 2 of 5 (1 succeeded, 1 failed): the receiver answered 410 Gone, so the webhook was disabled and the rest were not sent.",
            cut.Find("[data-testid=recover-progress]").TextContent.Trim());
        Assert.Equal("mixed", cut.Find("[data-testid=recover-bar]").GetAttribute("data-outcome"));
    }

    [Fact]
    public void Deliveries_still_retrying_that_were_made_due_are_named_apart_from_the_resends()
    {
        var cut = Show(0, 0, 0, finished: true, broughtForward: 4);

        Assert.Equal("No failed deliveries to resend since 2026-12-01 08:00:00 UTC.", cut.Find("[data-testid=recover-progress]").TextContent.Trim());
        Assert.StartsWith("4 deliveries still retrying were made due now", cut.Find("[data-testid=recover-brought-forward]").TextContent.Trim());
        Assert.Empty(Show(3, 1, 1, false).FindAll("[data-testid=recover-brought-forward]"));
    }
}
