namespace Dashboard.Accounts;

/// <summary>Who an API token belongs to (null: no one) and whether they may manage the account now.</summary>
public sealed record ApiAdminAnswer(string? UserId, AdminDecision? Decision);

/// <summary>
/// "May the holder of this API token manage this account": the token look-up and <see cref="AccountAccess.CheckAdministratorAsync"/>
/// (the one rule), with an allowed answer remembered for a second (<see cref="ApiAccessCache"/>).
/// </summary>
public sealed class ApiAdminCheck(ApiTokenService tokens, AccountAccess access, ApiAccessCache cache)
{
    private static readonly ApiAdminAnswer UnknownToken = new(null, null);

    public async Task<ApiAdminAnswer> CheckAsync(string? token, int accountId, CancellationToken ct = default)
    {
        if (!ApiTokenService.IsPlausible(token)) return UnknownToken;
        var hash = AccessTokens.Hash(token!.Trim());
        if (cache.TryGet(hash, accountId, out var cachedUser, out var cachedMembership))
            return new(cachedUser, new AdminDecision(cachedMembership, AdminRefusal.None));

        var generation = cache.Generation;
        var userId = await tokens.FindUserIdByHashAsync(hash, ct);
        if (userId is null) return UnknownToken;
        var decision = await access.CheckAdministratorAsync(userId, accountId, ct);
        if (decision.Allowed) cache.Remember(hash, accountId, userId, decision.Membership!, generation);
        return new(userId, decision);
    }
}
