using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Accounts;

/// <summary>
/// Asked by every page action that changes something, at the moment it runs: a page may have been open for hours,
/// and its user demoted or removed since. One per circuit; the decision is the policy the API applies
/// (<see cref="AccessPolicies.AccountAdministrator"/>), read fresh.
/// </summary>
public sealed class AdminActionGuard(IAuthorizationService authorization, AuthenticationStateProvider auth, IRefusalNotice notice)
{
    public const string RightsLostMessage = "You are no longer an administrator of this account, so nothing was changed.";

    /// <summary>
    /// Raised with the account id when this circuit learns its user's place in that account changed (a refused action,
    /// or an open page's re-check), so the page and the menu follow at once.
    /// </summary>
    public event Action<int>? RightsChanged;

    /// <summary>An open page's re-check found the membership or role changed: everything showing this account re-reads it.</summary>
    public void Changed(int accountId) => RightsChanged?.Invoke(accountId);

    /// <summary>True when the signed-in user is an administrator of the account now; otherwise says so and returns false.</summary>
    public async Task<bool> AllowsAsync(int accountId)
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        if ((await authorization.AuthorizeAsync(user, accountId, AccessPolicies.AccountAdministrator)).Succeeded) return true;
        notice.Show(RightsLostMessage);
        Changed(accountId);
        return false;
    }
}
