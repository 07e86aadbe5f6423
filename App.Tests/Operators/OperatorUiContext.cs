using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Dashboard.Accounts;
using Dashboard.Data;
using Dashboard.Operators;
using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Tests.Operators;

/// <summary>
/// bunit with MudBlazor and the console's services over a real database, signed in as a user who is not an operator until
/// <see cref="MakeOperatorAsync"/>: every action's re-check reads the real role.
/// </summary>
public abstract class OperatorUiContext : BunitContext, IAsyncLifetime
{
    protected TestDatabase Database { get; } = new();
    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;
    protected string UserId { get; private set; } = "";

    protected OperatorUiContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Services.AddMudServices();
        Services.AddSingleton<IDbContextFactory<AppDbContext>>(Database);
        Services.AddScoped<OperatorGuard>();
        Services.AddSingleton<AccountDirectory>();
        Services.AddSingleton<PlatformAccessCache>();
        Services.AddSingleton<PlatformApps>();
        Services.AddSingleton<PlatformGrants>();
        Services.AddSingleton<InstallationHealthQuery>();
    }

    public async ValueTask InitializeAsync()
    {
        await using var db = await Database.CreateDbContextAsync(Ct);
        var email = $"{Guid.NewGuid():N}@ops.test";
        var user = new ApplicationUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        db.Users.Add(user);
        await db.SaveChangesAsync(Ct);
        UserId = user.Id;
        var auth = AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
        this.UseRealAccessPolicies();
    }

    protected async Task MakeOperatorAsync()
    {
        await using var db = await Database.CreateDbContextAsync(Ct);
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Name == InstallationRoles.Operator, Ct);
        if (role is null) db.Roles.Add(role = new IdentityRole(InstallationRoles.Operator) { NormalizedName = InstallationRoles.Operator.ToUpperInvariant() });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = UserId, RoleId = role.Id });
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>The popover and dialog providers, where dialogs render.</summary>
    protected IRenderedComponent<ContainerFragment> RenderProviders() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
    });

    /// <summary>The messages the snackbar has shown so far.</summary>
    protected IEnumerable<string> Snackbars() => Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "");

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await Database.DisposeAsync();
    }
}
