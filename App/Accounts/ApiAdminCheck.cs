namespace Dashboard.Accounts;

/// <summary>
/// The API's two questions, each remembered for a second when the answer lets the caller in (<see cref="ApiAccessCache"/>):
/// whose is this token (<see cref="ApiTokenService"/>), and may that user manage this account now
/// (<see cref="AccountAccess.CheckAdministratorAsync"/>, the one rule).
/// </summary>
public sealed class ApiAdminCheck(ApiTokenService tokens, AccountAccess access, ApiAccessCache cache)
{
    /// <summary>The user the token belongs to, or null for no one (a locked user's token belongs to no one).</summary>
    public async Task<string?> FindOwnerAsync(string? token, CancellationToken ct = default)
    {
        if (ApiTokenService.HashOf(token) is not { } hash) return null;
        if (cache.TryGetOwner(hash, out var cached)) return cached;

        var generation = cache.Generation;
        var userId = await tokens.FindUserIdByHashAsync(hash, ct);
        if (userId is not null) cache.RememberOwner(hash, userId, generation);
        return userId;
    }

    public async Task<AdminDecision> CheckAdministratorAsync(string userId, int accountId, CancellationToken ct = default)
    {
        if (cache.TryGetAdministrator(userId, accountId, out var membership)) return new AdminDecision(membership, AdminRefusal.None);
        var generation = cache.Generation;
        var decision = await access.CheckAdministratorAsync(userId, accountId, ct);
        if (decision.Allowed) cache.RememberAdministrator(userId, decision.Membership!, generation);
        return decision;
    }
}
