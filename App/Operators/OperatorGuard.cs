using Dashboard.Accounts;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Operators;

/// <summary>
/// Asked by the console before it shows anything and before every action (per circuit): is the signed-in user an operator
/// now (<see cref="InstallationAccess"/>, the one rule). A console open for hours keeps no rights its user lost.
/// </summary>
public sealed class OperatorGuard(AuthenticationStateProvider auth, InstallationAccess access)
{
    public const string NoLongerMessage = "You are no longer an operator of this installation: nothing was changed.";

    public async Task<bool> AllowedAsync(CancellationToken ct = default) =>
        await access.IsOperatorAsync(AccountAccess.UserId((await auth.GetAuthenticationStateAsync()).User), ct);
}
