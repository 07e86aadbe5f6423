using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dashboard.Accounts;

/// <summary>
/// Asked by every page action that changes something, at the moment it runs: a page may have been open for hours,
/// and its user demoted or removed since. One per circuit; the decision itself is <see cref="AccountAccess"/>'s,
/// the same one the API applies.
/// </summary>
public sealed class AdminActionGuard(AccountAccess access, AuthenticationStateProvider auth, ISnackbar snackbar)
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
    public async Task<bool> AllowsAsync(int accountId, CancellationToken ct = default)
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        var decision = await access.CheckAdministratorAsync(AccountAccess.UserId(user), accountId, ct);
        if (decision.Allowed) return true;
        snackbar.Add(RightsLostMessage, Severity.Error);
        Changed(accountId);
        return false;
    }
}
