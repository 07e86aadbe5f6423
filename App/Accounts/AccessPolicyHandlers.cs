using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Accounts;

/// <summary>
/// <see cref="AccessPolicies.AccountAdministrator"/> for users (signed in, or holding a personal token): the one rule, read
/// fresh for pages, remembered for a second for tokens (<see cref="ApiAdminCheck"/>). Platform apps are another handler's.
/// </summary>
public sealed class AccountAdministratorHandler(AccountAccess access, ApiAdminCheck api) : AuthorizationHandler<AccountAdministratorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccountAdministratorRequirement requirement)
    {
        if (AccountAccess.UserId(context.User) is not { } userId) return;
        // An account that does not exist reads like one the user is not a member of: which ids exist is not revealed.
        var accountId = AccountResource.IdOf(context.Resource) ?? 0;
        var ct = AccountResource.AbortedOf(context.Resource);
        var decision = AccessPolicies.CameWithApiToken(context.User)
            ? await api.CheckAdministratorAsync(userId, accountId, ct)
            : await access.CheckAdministratorAsync(userId, accountId, ct);
        if (decision.Allowed) context.Succeed(requirement);
        else context.Fail(new AdminRefusalReason(this, decision.Refusal));
    }
}

/// <summary><see cref="AccessPolicies.Operator"/>: <see cref="InstallationAccess.IsOperatorAsync"/>, read fresh.</summary>
public sealed class OperatorHandler(InstallationAccess access) : AuthorizationHandler<OperatorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        if (await access.IsOperatorAsync(AccountAccess.UserId(context.User), AccountResource.AbortedOf(context.Resource)))
            context.Succeed(requirement);
    }
}
