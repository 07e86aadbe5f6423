using Dashboard.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Accounts;

public static class AccountsSetup
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/login";
        });
        services.AddAccessPolicies();
        // A locked, deleted or re-passworded user's cookie stops at its next request within a minute (Identity's default:
        // 30 minutes); open pages end within RevalidatingAuthStateProvider's interval.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddSingleton<UnknownEmailLockout>();
        services.AddSingleton<DecoyPasswordHash>();
        services.AddScoped<UnknownEmailSignIn>();
        services.AddSingleton<AccountAccess>();
        services.AddSingleton<AccountMembers>();
        services.AddScoped<AdminActionGuard>();
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<OneTimeLinks>();
        services.AddSingleton<InstallationAccess>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PublicUrlOptions>, PublicUrlValidation>();
        services.AddOptions<PublicUrlOptions>().BindConfiguration(PublicUrlOptions.Section).ValidateOnStart();
        services.AddSingleton<ApiAccessCache>();
        services.AddSingleton<ApiAdminCheck>();
        services.AddScoped<DemoSeeder>();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        return builder;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", SignInEndpoint.HandleAsync);
        app.MapPost("/account/set-password", SetPasswordEndpoint.HandleAsync);
        // No form field is bound here, so nothing checks the antiforgery token unless we do: another site must not
        // be able to sign our users out.
        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<ApplicationUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest();
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        });
        return app;
    }

    /// <summary>Seeds the demo data when enabled (default: Development) and prints where to sign in.</summary>
    public static async Task SeedDemoAsync(this WebApplication app)
    {
        var enabled = app.Configuration.GetValue<bool?>("Demo:Enabled") ?? app.Environment.IsDevelopment();
        if (!enabled) return;

        await using var scope = app.Services.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();

        // Console, not ILogger: the owner of the machine needs these once; log sinks must never hold them.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.WriteLine();
            Console.WriteLine($"Dashboard is running: open {addresses.FirstOrDefault() ?? "(no address)"}");
            Console.WriteLine($"Demo admin: {credentials.AdminEmail} / {credentials.AdminPassword}");
            Console.WriteLine($"Demo agent: {credentials.AgentEmail} / {credentials.AgentPassword}");
            if (credentials.AdminApiToken is not null)
                Console.WriteLine($"Demo admin API token: {credentials.AdminApiToken}");
            Console.WriteLine();
        });
    }
}
