using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Dashboard.Accounts;
using Dashboard.Api;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Platform;

public sealed record PlatformUserAccountJson(int Id, string Name, string Role, DateTime? ActiveAt);

/// <summary>A user as the platform's Platform API shows one (<c>access_token</c>: stored hashed here, so never readable: null).</summary>
public sealed record PlatformUserJson(
    int Id, string Name, string? DisplayName, string Email, string AvailableName, string AvatarUrl, bool Confirmed,
    JsonObject CustomAttributes, string? Role, int? AccountId, IReadOnlyList<PlatformUserAccountJson> Accounts, string? AccessToken);

/// <summary>
/// <c>/platform/api/v1/users</c>: find-or-create by email (as the platform: a client that retries gets the same user, when
/// the app may reach it), show, update, delete (memberships, tokens and sessions go with the user), and a one-time
/// sign-in link.
/// </summary>
public static class PlatformUsersApi
{
    public const int MaxNameLength = 255;

    public static void MapPlatformUsers(this RouteGroupBuilder group)
    {
        group.MapPost("/users", CreateAsync).WithTags(ApiTags.PlatformUsers)
            .WithSummary("Find or create a user by email")
            .WithDescription("As the platform: a client that retries gets the same user, when the app may reach them; another's email is 422.")
            .AcceptsJson<PlatformUserRequest>(PlatformUserRequest.Example, PlatformBody.MaxBytes)
            .Returns<PlatformUserJson>(StatusCodes.Status200OK, "The user, new or found; `access_token` is always null (tokens are stored hashed)")
            .RefusesInvalid("In the platform's words, e.g. `Email has already been taken`, `Name can't be blank`, a password too weak");
        group.MapGet("/users/{id:int}", ShowAsync).WithTags(ApiTags.PlatformUsers)
            .WithSummary("Show a user")
            .Returns<PlatformUserJson>(StatusCodes.Status200OK, "The user, with their accounts")
            .Refuses(StatusCodes.Status404NotFound, Unknown);
        group.MapMethods("/users/{id:int}", [HttpMethods.Patch, HttpMethods.Put], UpdateAsync).WithTags(ApiTags.PlatformUsers)
            .WithSummary("Update a user")
            .WithDescription("Only the keys sent change, with PATCH and PUT alike. A new password ends the user's other sessions.")
            .AcceptsJson<PlatformUserRequest>(PlatformUserRequest.UpdateExample, PlatformBody.MaxBytes)
            .Returns<PlatformUserJson>(StatusCodes.Status200OK, "The user")
            .Refuses(StatusCodes.Status404NotFound, Unknown)
            .RefusesInvalid("In the platform's words, e.g. `Email has already been taken`, `Email is invalid`");
        group.MapDelete("/users/{id:int}", DeleteAsync).WithTags(ApiTags.PlatformUsers)
            .WithSummary("Delete a user")
            .WithDescription("Their memberships, API token, links and sessions go too.")
            .ReturnsNoBody(StatusCodes.Status200OK, "Deleted; no body, as the platform answers")
            .Refuses(StatusCodes.Status404NotFound, Unknown);
        group.MapGet("/users/{id:int}/login", LoginLinkAsync).WithTags(ApiTags.PlatformUsers)
            .WithSummary("A one-time sign-in link")
            .WithDescription("Redirect the user to `url`: valid 5 minutes, once; it lands them signed in on their first account.")
            .Returns<SignInLinkJson>(StatusCodes.Status200OK, "`{\"url\": \"…/app/login?email=…&sso_auth_token=…\"}`")
            .Refuses(StatusCodes.Status404NotFound, Unknown);
    }

    private const string Unknown = "No user with this id";
    private const string UserId = "The user's id (a number: the platform's ids are integers)";

    private static async Task<IResult> CreateAsync(HttpContext http, UserManager<ApplicationUser> users, PlatformGrants grants, UserNumbers numbers, AccountAccess access)
    {
        var (body, refusal) = await PlatformBody.ReadAsync(http.Request);
        if (refusal is not null) return refusal;
        var input = Read(body!, creating: true);
        if (body!.Refusal is { } invalid) return invalid;
        var appId = http.PlatformCaller().AppId;

        if (await users.FindByEmailAsync(input.Email!) is { } existing)
            return await grants.MayReachUserAsync(appId, existing.Id, http.RequestAborted)
                ? ApiJson.Ok(await JsonOfAsync(existing, numbers, access, http.RequestAborted))
                : ApiJson.Invalid("Email has already been taken", ["email"]);

        var user = new ApplicationUser { UserName = input.Email, Email = input.Email, EmailConfirmed = true };
        Apply(user, input);
        var created = input.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, input.Password);
        if (!created.Succeeded) return Invalid(created);
        await grants.GrantUserAsync(appId, user.Id, http.RequestAborted);
        return ApiJson.Ok(await JsonOfAsync(user, numbers, access, http.RequestAborted));
    }

    private static async Task<IResult> ShowAsync([Description(UserId)] int id, HttpContext http, UserManager<ApplicationUser> users, UserNumbers numbers, AccountAccess access)
    {
        var (user, refusal) = await ReachAsync(id, http, users);
        return refusal ?? ApiJson.Ok(await JsonOfAsync(user!, numbers, access, http.RequestAborted));
    }

    private static async Task<IResult> UpdateAsync([Description(UserId)] int id, HttpContext http, UserManager<ApplicationUser> users, UserNumbers numbers, AccountAccess access)
    {
        var (user, refusal) = await ReachAsync(id, http, users);
        if (refusal is not null) return refusal;
        var (body, bad) = await PlatformBody.ReadAsync(http.Request);
        if (bad is not null) return bad;
        var input = Read(body!, creating: false);
        if (body!.Refusal is { } invalid) return invalid;

        // The password is checked before anything is saved: a refused body changes nothing.
        if (input.Password is not null && await Passwords.CheckAsync(users, user!, input.Password) is { Succeeded: false } weak)
            return Invalid(weak, "password");
        if (input.Email is not null && !string.Equals(input.Email, user!.Email, StringComparison.OrdinalIgnoreCase))
        {
            if (await users.FindByEmailAsync(input.Email) is not null) return ApiJson.Invalid("Email has already been taken", ["email"]);
            user.Email = user.UserName = input.Email;
        }
        Apply(user!, input);
        var saved = await users.UpdateAsync(user!);
        if (!saved.Succeeded) return Invalid(saved);
        if (input.Password is not null && await Passwords.ReplaceAsync(users, user!, input.Password) is { Succeeded: false } failed)
            return Invalid(failed, "password");
        return ApiJson.Ok(await JsonOfAsync(user!, numbers, access, http.RequestAborted));
    }

    // The user, their memberships, grants, one-time links and API token go; their sessions end at the next check.
    private static async Task<IResult> DeleteAsync([Description(UserId)] int id, HttpContext http, UserManager<ApplicationUser> users, ApiAccessCache cache)
    {
        var (user, refusal) = await ReachAsync(id, http, users);
        if (refusal is not null) return refusal;
        var deleted = await users.DeleteAsync(user!);
        if (!deleted.Succeeded) return Invalid(deleted);
        cache.ForgetUser(user!.Id);
        return Results.Ok();
    }

    private static async Task<IResult> LoginLinkAsync([Description(UserId)] int id, HttpContext http, UserManager<ApplicationUser> users, SignInLinks links)
    {
        var (user, refusal) = await ReachAsync(id, http, users);
        return refusal ?? ApiJson.Ok(new SignInLinkJson(await links.IssueAsync(user!, http.RequestAborted)));
    }

    /// <summary>The user when the app may reach them; else the platform's answer (<see cref="PlatformAccess.ReachUserAsync"/>).</summary>
    private static async Task<(ApplicationUser? User, IResult? Refusal)> ReachAsync(int id, HttpContext http, UserManager<ApplicationUser> users)
    {
        var (userId, refusal) = await http.ReachUserAsync(id);
        if (refusal is not null) return (null, refusal);
        return await users.FindByIdAsync(userId!) is { } user ? (user, null) : (null, PlatformAccess.NotFound());
    }

    public static async Task<PlatformUserJson> JsonOfAsync(ApplicationUser user, UserNumbers numbers, AccountAccess access, CancellationToken ct)
    {
        var memberships = await access.ListAsync(user.Id, ct);
        var accounts = memberships.Select(m => new PlatformUserAccountJson(m.AccountId, m.AccountName, ProfileApi.RoleName(m.Role), null)).ToList();
        var email = user.Email ?? user.UserName ?? "";
        var name = user.Name ?? email;
        var attributes = user.CustomAttributes is null ? [] : JsonNode.Parse(user.CustomAttributes) as JsonObject ?? [];
        return new(await numbers.NumberOfAsync(user.Id, ct), name, user.DisplayName, email, user.DisplayName ?? name, "", user.EmailConfirmed,
            attributes, accounts.FirstOrDefault()?.Role, accounts.FirstOrDefault()?.Id, accounts, AccessToken: null);
    }

    private sealed record UserInput(string? Name, string? DisplayName, string? Email, string? Password, JsonObject? CustomAttributes, bool HasDisplayName, bool HasCustomAttributes);

    private static UserInput Read(PlatformBody body, bool creating)
    {
        var name = body.String("name", "Name");
        var email = body.String("email", "Email")?.Trim();
        var password = body.String("password", "Password");
        var displayName = body.String("display_name", "Display name");
        var attributes = body.Object("custom_attributes", "Custom attributes");
        if ((creating || body.Has("name")) && string.IsNullOrWhiteSpace(name)) body.Errors.TryAdd("name", "Name can't be blank");
        else if (name?.Trim().Length > MaxNameLength) body.Errors["name"] = $"Name is too long (maximum is {MaxNameLength} characters)";
        if ((creating || body.Has("email")) && string.IsNullOrWhiteSpace(email)) body.Errors.TryAdd("email", "Email can't be blank");
        else if (email is not null && (!new EmailAddressAttribute().IsValid(email) || email.Length > 256)) body.Errors["email"] = "Email is invalid";
        if (body.Has("password") && string.IsNullOrEmpty(password)) body.Errors.TryAdd("password", "Password can't be blank");
        return new(name?.Trim(), displayName?.Trim(), email, password, attributes, body.Has("display_name"), body.Has("custom_attributes"));
    }

    private static void Apply(ApplicationUser user, UserInput input)
    {
        if (input.Name is not null) user.Name = input.Name;
        if (input.HasDisplayName) user.DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? null : input.DisplayName;
        if (input.HasCustomAttributes) user.CustomAttributes = input.CustomAttributes?.ToJsonString();
    }

    private static IResult Invalid(IdentityResult result, string field = "") =>
        ApiJson.Invalid(string.Join(", ", result.Errors.Select(e => e.Description)),
            field.Length > 0 ? [field] : result.Errors.Select(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : e.Code.Contains("Email") || e.Code.Contains("UserName") ? "email" : "user").Distinct());
}
