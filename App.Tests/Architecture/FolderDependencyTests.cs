using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Architecture;

/// <summary>
/// Keeps docs/architecture.md true: folders depend one way, top to bottom. The database's row types (entities and the
/// enums they hold) live with their feature for the reader, and are the only thing every folder, Data included, may name.
/// </summary>
public sealed class FolderDependencyTests
{
    /// <summary>Top to bottom: a folder may use only the folders after it.</summary>
    public static readonly string[] Layers = ["Components", "Operators", "ApiDocs", "Webhooks", "Deliveries", "Events", "Platform", "Api", "Accounts", "Dispatch", "Data", "Telemetry"];

    /// <summary>What the outbox (Events) may use of Dispatch: the hand-off contract Dispatch owns, not its machinery.</summary>
    private static readonly string[] HandOffContract =
        ["Dashboard.Dispatch.IDispatchHandOff", "Dashboard.Dispatch.IHandOffSlot", "Dashboard.Dispatch.ClaimedDelivery", "Dashboard.Dispatch.SigningKeys"];

    private static readonly string AppAssembly = typeof(Program).Assembly.Location;

    [Fact]
    public void Every_folder_of_App_has_a_place_in_the_picture()
    {
        var folders = FolderGraph.Edges(AppAssembly).SelectMany(e => new[] { e.From, e.To }).Distinct();
        Assert.Empty(folders.Except(Layers).Except([FolderGraph.SharedWidgets]));
    }

    [Fact]
    public void Folders_use_only_the_folders_below_them()
    {
        var schema = SchemaTypes();
        var wrong = FolderGraph.Edges(AppAssembly)
            .Where(e => !schema.Contains(e.Used) && !Allowed(e.From, e.To, e.Used))
            .Select(e => $"{e.From} → {e.To}: {e.User} uses {e.Used}")
            .Distinct().Order().ToList();
        Assert.True(wrong.Count == 0, "Folders used against the picture in docs/architecture.md:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Row_types_name_nothing_of_the_app_but_other_row_types()
    {
        var schema = SchemaTypes();
        var wrong = FolderGraph.Edges(AppAssembly).Where(e => schema.Contains(e.User) && !schema.Contains(e.Used))
            .Select(e => $"{e.User} uses {e.Used}").Distinct().ToList();
        Assert.Empty(wrong);
    }

    [Fact]
    public void The_check_sees_a_use_against_the_picture()
    {
        // The dispatcher may not call into the publishing side; the scan must notice such a use where it exists.
        Assert.False(Allowed("Dispatch", "Events", "Dashboard.Events.EventPublisher"));
        Assert.False(Allowed("Events", "Dispatch", "Dashboard.Dispatch.Dispatcher"));
        Assert.False(Allowed(FolderGraph.SharedWidgets, "Accounts", "Dashboard.Accounts.AccountAccess"));
        Assert.True(Allowed("Webhooks", "Dispatch", "Dashboard.Dispatch.ManualDelivery"));
        Assert.Contains(FolderGraph.Edges(AppAssembly), e => e is { From: "Webhooks", To: "Data", User: "Dashboard.Webhooks.WebhookService" });
    }

    private static bool Allowed(string from, string to, string used)
    {
        if (to == FolderGraph.SharedWidgets) return true;
        if (from == FolderGraph.SharedWidgets) return false;
        var (a, b) = (Array.IndexOf(Layers, from), Array.IndexOf(Layers, to));
        if (a < 0 || b < 0 || a >= b) return false;
        return !(from == "Events" && to == "Dispatch") || HandOffContract.Contains(used);
    }

    /// <summary>The entity types of the real model and the enums their properties hold.</summary>
    private static HashSet<string> SchemaTypes()
    {
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:").Options);
        var types = new HashSet<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            types.Add(entity.ClrType.FullName!);
            foreach (var property in entity.GetProperties())
                if ((Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) is { IsEnum: true } e) types.Add(e.FullName!);
        }
        return types;
    }
}
