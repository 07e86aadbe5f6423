using Bunit;
using Dashboard.Accounts;
using Dashboard.Components.Layout;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The app's own policies behind a bunit context's authorization, instead of bunit's stand-in (which answers whatever a
/// test sets): the guards then decide as in the app, from the database. Call after <c>AddAuthorization()</c>.
/// </summary>
public static class RealAccessPolicies
{
    public static void UseRealAccessPolicies(this BunitContext context)
    {
        var services = context.Services;
        services.AddLogging();
        services.AddOptions<AccessOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AccountAccess>();
        services.TryAddSingleton<InstallationAccess>();
        services.TryAddSingleton<ApiAccessCache>();
        services.TryAddSingleton<ApiTokenService>();
        services.TryAddSingleton<ApiAdminCheck>();
        services.AddAccessPolicies();
        // Registered last, so they win over bunit's stand-ins.
        services.AddTransient<IAuthorizationService, DefaultAuthorizationService>();
        services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        services.AddTransient<IAuthorizationHandlerProvider, DefaultAuthorizationHandlerProvider>();
        services.AddTransient<IAuthorizationEvaluator, DefaultAuthorizationEvaluator>();
        services.AddTransient<IAuthorizationHandlerContextFactory, DefaultAuthorizationHandlerContextFactory>();
        services.TryAddScoped<IRefusalNotice, SnackbarRefusalNotice>();
    }
}
