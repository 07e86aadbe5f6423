using System.ComponentModel;
using Dashboard.Accounts;
using Dashboard.Api;

namespace Dashboard.Platform;

public sealed record PlatformAccountUserJson(int AccountId, int UserId, string Role);

/// <summary>
/// <c>/platform/api/v1/accounts/{id}/account_users</c>: list, add (posting again changes the role), remove. Both the
/// account and the user must be the app's. A removed or demoted member's open pages and API token lose the rights
/// within the usual recheck.
/// </summary>
public static class PlatformAccountUsersApi
{
    public static void MapPlatformAccountUsers(this RouteGroupBuilder group)
    {
        group.MapGet("/accounts/{id:int}/account_users", ListAsync).WithTags(ApiTags.PlatformAccountUsers)
            .WithSummary("List an account's members")
            .Returns<List<PlatformAccountUserJson>>(StatusCodes.Status200OK, "The members, with their roles")
            .Refuses(StatusCodes.Status404NotFound, "No account with this id");
        group.MapPost("/accounts/{id:int}/account_users", AddAsync).WithTags(ApiTags.PlatformAccountUsers)
            .WithSummary("Add a member, or change their role")
            .WithDescription("Both the account and the user must be the app's. A demoted member's open pages and API token lose the rights within the usual recheck.")
            .AcceptsJson<PlatformAccountUserRequest>(PlatformAccountUserRequest.Example, PlatformBody.MaxBytes)
            .Returns<PlatformAccountUserJson>(StatusCodes.Status200OK, "The membership")
            .Refuses(StatusCodes.Status404NotFound, "No account, or no user, with this id")
            .RefusesInvalid("`User must exist`, `Role is not included in the list`; the fields in `attributes`");
        group.MapDelete("/accounts/{id:int}/account_users", RemoveAsync).WithTags(ApiTags.PlatformAccountUsers)
            .WithSummary("Remove a member")
            .WithDescription("`user_id` in the body or the query, as the platform takes it. Their open pages and API token lose the rights within the usual recheck.")
            .WithQueryParameter("user_id", "The user's id, when the body does not name it")
            .AcceptsJson<PlatformAccountUserRequest>(PlatformAccountUserRequest.RemoveExample, PlatformBody.MaxBytes, optional: true)
            .ReturnsNoBody(StatusCodes.Status200OK, "Removed; no body, as the platform answers")
            .Refuses(StatusCodes.Status404NotFound, "No account, user or membership with these ids")
            .RefusesInvalid("`User must exist`: no `user_id`");
    }

    private static async Task<IResult> ListAsync([Description("The account's id")] int id, HttpContext http, UserNumbers numbers, AccountMembers accountMembers)
    {
        if (await http.AccountRefusalAsync(id) is { } refusal) return refusal;
        var members = await accountMembers.ListAsync(id, http.RequestAborted);
        var byNumber = await numbers.NumbersOfAsync(members.Select(m => m.UserId).ToList(), http.RequestAborted);
        return ApiJson.Ok(members.Select(m => new PlatformAccountUserJson(id, byNumber[m.UserId], ProfileApi.RoleName(m.Role))).OrderBy(m => m.UserId).ToList());
    }

    private static async Task<IResult> AddAsync([Description("The account's id")] int id, HttpContext http, AccountMembers members)
    {
        if (await http.AccountRefusalAsync(id) is { } refusal) return refusal;
        var (body, bad) = await PlatformBody.ReadAsync(http.Request);
        if (bad is not null) return bad;
        var number = body!.Integer("user_id", "User");
        var roleText = body.String("role", "Role");
        if (number is null) body.Errors.TryAdd("user_id", "User must exist");
        var role = roleText switch { "administrator" => AccountRole.Administrator, "agent" or null => AccountRole.Agent, _ => (AccountRole?)null };
        if (role is null) body.Errors["role"] = "Role is not included in the list";
        if (body.Refusal is { } invalid) return invalid;

        var (userId, userRefusal) = await http.ReachUserAsync(number!.Value);
        if (userRefusal is not null) return userRefusal;
        // False only when the account went in between: the platform answers an unknown account with 404.
        if (!await members.SetAsync(id, userId!, role!.Value, http.RequestAborted)) return PlatformAccess.NotFound();
        return ApiJson.Ok(new PlatformAccountUserJson(id, number.Value, ProfileApi.RoleName(role.Value)));
    }

    private static async Task<IResult> RemoveAsync([Description("The account's id")] int id, HttpContext http, AccountMembers members)
    {
        if (await http.AccountRefusalAsync(id) is { } refusal) return refusal;
        // user_id in the body (the platform's clients) or the query (Rails merges both into params).
        int? number = int.TryParse(http.Request.Query["user_id"], out var q) ? q : null;
        if (number is null)
        {
            var (body, bad) = await PlatformBody.ReadAsync(http.Request);
            if (bad is not null) return bad;
            number = body!.Integer("user_id", "User");
            if (body.Refusal is { } invalid) return invalid;
        }
        if (number is null) return ApiJson.Invalid("User must exist", ["user_id"]);
        var (userId, userRefusal) = await http.ReachUserAsync(number.Value);
        if (userRefusal is not null) return userRefusal;
        return await members.RemoveAsync(id, userId!, http.RequestAborted) ? Results.Ok() : PlatformAccess.NotFound();
    }
}
