using System.Text.RegularExpressions;
using Dashboard.Data;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Architecture;

/// <summary>Rules that must have one home, checked over App's sources (migrations are history and left out).</summary>
public sealed partial class OneHomePerRuleTests
{
    [Fact]
    public void Raw_sql_spells_no_status_number_but_takes_it_from_SqlStatus()
    {
        var offenders = Sources()
            .SelectMany(f => BareStatus().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(RepositoryRoot.Path, f)}: {m.Value}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Status numbers written by hand in SQL:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_scan_finds_a_status_number_written_by_hand()
    {
        Assert.Matches(BareStatus(), "WHERE Status = 0 AND");
        Assert.Matches(BareStatus(), "d.Status <> 0");
        Assert.Matches(BareStatus(), "Status IN (2, 3)");
        Assert.Matches(BareStatus(), "SET Status = 3,");
        Assert.DoesNotMatch(BareStatus(), $"Status = {{{nameof(SqlStatus)}.{nameof(SqlStatus.Pending)}}}");
    }

    [Fact]
    public void Every_page_address_is_spelled_by_AccountRoute_only()
    {
        // Links are built by AccountRoute; a second "/accounts/{…}/…" string in a page or service is a copy that can drift.
        // An endpoint's route template (the Platform API's "/accounts/{id:int}") is an API's address, not a page link.
        var offenders = Sources(".cs", ".razor")
            .Where(f => !f.EndsWith("AccountRoute.cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(f).Where(l => !l.TrimStart().StartsWith("@page", StringComparison.Ordinal)
                                                              && !l.TrimStart().StartsWith("group.Map", StringComparison.Ordinal) && HandWrittenAddress().IsMatch(l))
                .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Path, f)}: {l.Trim()}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Account page addresses written by hand:\n" + string.Join("\n", offenders));
    }

    /// <summary>Where "AccountId ==" may stand outside the scope accessors, and why: none of these is a query of one account's rows.</summary>
    private static readonly Dictionary<string, string> AccountComparisonsThatAreNotScoping = new()
    {
        ["AppDbContext.AccountScope.cs"] = "the accessors themselves",
        ["AccountDirectory.cs"] = "the cross-account list (each account's member and webhook counts)",
        ["WebhookPage.razor"] = "filters the live feed's in-memory records",
        ["WebhooksPanel.razor"] = "filters the live feed's in-memory records",
        ["DeliveryLog.razor"] = "filters the live feed's in-memory records",
        ["DeliveryDetailView.razor"] = "filters the live feed's in-memory records",
        ["RecoveryRunner.cs"] = "checks its in-memory runs",
        ["AccountSwitcher.razor"] = "picks from the user's memberships in memory",
    };

    [Fact]
    public void Queries_of_one_accounts_rows_start_from_its_scoped_accessor()
    {
        // AppDbContext.WebhooksOf(id), DeliveriesOf(id), …: one filter per table, so a query cannot forget it (svix's secure_find).
        var offenders = Sources(".cs", ".razor")
            .Where(f => !AccountComparisonsThatAreNotScoping.ContainsKey(Path.GetFileName(f)))
            .SelectMany(f => File.ReadAllLines(f).Where(l => HandWrittenScope().IsMatch(l))
                .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Path, f)}: {l.Trim()}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Account filters written by hand (use AppDbContext's …Of(accountId)):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_scope_scan_finds_a_filter_written_by_hand()
    {
        Assert.Matches(HandWrittenScope(), "db.Webhooks.Where(w => w.AccountId == accountId)");
        Assert.Matches(HandWrittenScope(), "x => x.Id == id && x.AccountId==accountId");
        Assert.DoesNotMatch(HandWrittenScope(), "db.WebhooksOf(accountId).Where(w => w.Id == id)");
    }

    private static IEnumerable<string> Sources(params string[] extensions) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "App"), "*.*", SearchOption.AllDirectories)
            .Where(f => (extensions.Length == 0 ? f.EndsWith(".cs", StringComparison.Ordinal) : extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    // "Status" compared with or set to a literal number, or a literal list of them.
    [GeneratedRegex(@"\bStatus\s*(=|<>|!=|<=|>=|<|>|\bIN\b)\s*\(?\s*\d", RegexOptions.IgnoreCase)]
    private static partial Regex BareStatus();

    [GeneratedRegex(@"\.AccountId\s*==")]
    private static partial Regex HandWrittenScope();

    [GeneratedRegex("\"/accounts/")]
    private static partial Regex HandWrittenAddress();
}
