using Dashboard.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Operators;

/// <summary>
/// Asked by the console before it shows anything and before every action (per circuit): is the signed-in user an operator
/// now (<see cref="AccessPolicies.Operator"/>, read fresh). A console open for hours keeps no rights its user lost.
/// </summary>
public sealed class OperatorGuard(IAuthorizationService authorization, AuthenticationStateProvider auth, IRefusalNotice notice)
{
    public const string NoLongerMessage = "You are no longer an operator of this installation: nothing was changed.";

    public async Task<bool> AllowedAsync() =>
        (await authorization.AuthorizeAsync((await auth.GetAuthenticationStateAsync()).User, null, AccessPolicies.Operator)).Succeeded;

    /// <summary>Before an action: true when still an operator; otherwise says nothing was changed and returns false.</summary>
    public async Task<bool> AllowsActionAsync()
    {
        if (await AllowedAsync()) return true;
        notice.Show(NoLongerMessage);
        return false;
    }
}
