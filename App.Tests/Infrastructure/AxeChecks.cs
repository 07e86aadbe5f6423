using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// axe-core on the page as it is now (an open dialog included): any critical or serious violation fails the test
/// with the rule, the elements and what to fix. Moderate and minor findings are written to the artifacts
/// (<c>artifacts/axe/</c>) for people to read, not asserted.
/// </summary>
public static class AxeChecks
{
    private static readonly string[] Blocking = ["critical", "serious"];

    /// <summary>Usage: <c>await page.AssertNoSeriousAxeViolationsAsync("webhooks list, dark")</c>.</summary>
    public static async Task AssertNoSeriousAxeViolationsAsync(this IPage page, string? what = null)
    {
        // Colours are judged once transitions settled (a toast fading in is not yet its final contrast).
        await page.WaitForFunctionAsync(
            "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)",
            null, new() { Timeout = 5_000 });
        // axe's script goes in through Playwright's evaluate (DevTools protocol), which the page's CSP does not block.
        var result = await page.RunAxe();
        var name = what ?? new Uri(page.Url).AbsolutePath;
        await WriteReportAsync(name, result);

        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        if (blocking.Count == 0) return;
        Assert.Fail($"axe found {blocking.Count} critical/serious violation(s) on {name} ({page.Url}):\n{Describe(blocking)}");
    }

    private static string Describe(IEnumerable<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        foreach (var v in violations)
        {
            text.AppendLine($"- [{v.Impact}] {v.Id}: {v.Help} ({v.HelpUrl})");
            foreach (var node in v.Nodes.Take(5))
                text.AppendLine($"    at {node.Target}: {string.Join(" ", node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message))}");
        }
        return text.ToString();
    }

    private static Task WriteReportAsync(string name, AxeResult result)
    {
        var file = Path.Combine(Artifacts.Directory("axe"), string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-')) + ".txt");
        var report = result.Violations.Length == 0 ? "No violations.\n" : Describe(result.Violations);
        return File.WriteAllTextAsync(file, $"{result.Url}\n{report}");
    }
}
