using System.ComponentModel;
using System.Text.Json.Nodes;
using Dashboard.Accounts;
using Dashboard.Api;

namespace Dashboard.Platform;

/// <summary>An account as the platform's <c>platform/api/v1/models/_account.json.jbuilder</c> shows it.</summary>
public sealed record PlatformAccountJson(
    int Id, string Name, string? Locale, string? Domain, string? SupportEmail, JsonObject EnabledFeatures,
    JsonObject CustomAttributes, JsonObject Limits, string Status)
{
    public static PlatformAccountJson From(Account a)
    {
        var f = a.PlatformFields is null ? [] : JsonNode.Parse(a.PlatformFields) as JsonObject ?? [];
        return new(a.Id, a.Name, f["locale"]?.GetValue<string>() ?? "en", f["domain"]?.GetValue<string>(), f["support_email"]?.GetValue<string>(),
            [], (f["custom_attributes"] as JsonObject)?.DeepClone().AsObject() ?? [], (f["limits"] as JsonObject)?.DeepClone().AsObject() ?? [],
            f["status"]?.GetValue<string>() ?? "active");
    }
}

/// <summary>
/// <c>/platform/api/v1/accounts</c>: create (the app may reach what it creates), show, update, delete; an account the app
/// may not reach answers the platform's 401 "Non permissible resource", an unknown id 404.
/// </summary>
public static class PlatformAccountsApi
{
    private static readonly string[] Statuses = ["active", "suspended"];

    public static void MapPlatformAccounts(this RouteGroupBuilder group)
    {
        group.MapPost("/accounts", CreateAsync).WithTags(ApiTags.PlatformAccounts)
            .WithSummary("Create an account")
            .WithDescription("The app may reach the accounts it creates. The optional keys are kept and returned.")
            .AcceptsJson<PlatformAccountRequest>(PlatformAccountRequest.Example, PlatformBody.MaxBytes)
            .Returns<PlatformAccountJson>(StatusCodes.Status200OK, "The account")
            .RefusesInvalid(Invalid);
        group.MapGet("/accounts/{id:int}", ShowAsync).WithTags(ApiTags.PlatformAccounts)
            .WithSummary("Show an account")
            .Returns<PlatformAccountJson>(StatusCodes.Status200OK, "The account")
            .Refuses(StatusCodes.Status404NotFound, Unknown);
        group.MapMethods("/accounts/{id:int}", [HttpMethods.Patch, HttpMethods.Put], UpdateAsync).WithTags(ApiTags.PlatformAccounts)
            .WithSummary("Update an account")
            .WithDescription("Only the keys sent change, with PATCH and PUT alike.")
            .AcceptsJson<PlatformAccountRequest>(PlatformAccountRequest.UpdateExample, PlatformBody.MaxBytes)
            .Returns<PlatformAccountJson>(StatusCodes.Status200OK, "The account")
            .Refuses(StatusCodes.Status404NotFound, Unknown)
            .RefusesInvalid(Invalid);
        group.MapDelete("/accounts/{id:int}", DeleteAsync).WithTags(ApiTags.PlatformAccounts)
            .WithSummary("Delete an account")
            .WithDescription("With its members, webhooks, events, deliveries and attempts.")
            .ReturnsNoBody(StatusCodes.Status200OK, "Deleted; no body, as the platform answers")
            .Refuses(StatusCodes.Status404NotFound, Unknown);
    }

    private const string Unknown = "No account with this id";
    private const string Invalid = "In the platform's words, e.g. `Name can't be blank`, `Status is not included in the list`; the fields in `attributes`";

    private static async Task<IResult> CreateAsync(HttpContext http, AccountDirectory accounts, PlatformGrants grants)
    {
        var (body, refusal) = await PlatformBody.ReadAsync(http.Request);
        if (refusal is not null) return refusal;
        var (name, fields) = Read(body!, creating: true);
        if (body!.Refusal is { } invalid) return invalid;
        var account = await accounts.CreateAsync(name!, fields, http.RequestAborted);
        await grants.GrantAccountAsync(http.PlatformCaller().AppId, account.Id, http.RequestAborted);
        return ApiJson.Ok(PlatformAccountJson.From(account));
    }

    private static async Task<IResult> ShowAsync([Description("The account's id")] int id, HttpContext http, AccountDirectory accounts) =>
        await http.AccountRefusalAsync(id) is { } refusal ? refusal
            : ApiJson.Ok(PlatformAccountJson.From((await accounts.FindAsync(id, http.RequestAborted))!));

    private static async Task<IResult> UpdateAsync([Description("The account's id")] int id, HttpContext http, AccountDirectory accounts)
    {
        if (await http.AccountRefusalAsync(id) is { } refusal) return refusal;
        var (body, bad) = await PlatformBody.ReadAsync(http.Request);
        if (bad is not null) return bad;
        var current = await accounts.FindAsync(id, http.RequestAborted);
        var (name, fields) = Read(body!, creating: false, current?.PlatformFields);
        if (body!.Refusal is { } invalid) return invalid;
        var updated = await accounts.UpdateAsync(id, name, fields, http.RequestAborted);
        return updated is null ? PlatformAccess.NotFound() : ApiJson.Ok(PlatformAccountJson.From(updated));
    }

    // As the platform: 200 and no body.
    private static async Task<IResult> DeleteAsync([Description("The account's id")] int id, HttpContext http, AccountDirectory accounts)
    {
        if (await http.AccountRefusalAsync(id) is { } refusal) return refusal;
        await accounts.DeleteAsync(id, http.RequestAborted);
        return Results.Ok();
    }


    /// <summary>The name and the optional keys merged over what is stored; errors land in the body's list.</summary>
    private static (string? Name, string? Fields) Read(PlatformBody body, bool creating, string? stored = null)
    {
        var name = body.String("name", "Name");
        if (creating || body.Has("name"))
        {
            if (string.IsNullOrWhiteSpace(name)) body.Errors.TryAdd("name", "Name can't be blank");
            else if (name.Trim().Length > AccountDirectory.MaxNameLength) body.Errors["name"] = $"Name is too long (maximum is {AccountDirectory.MaxNameLength} characters)";
        }
        var fields = stored is null ? new JsonObject() : JsonNode.Parse(stored) as JsonObject ?? [];
        var changed = false;
        foreach (var (key, label) in new[] { ("locale", "Locale"), ("domain", "Domain"), ("support_email", "Support email"), ("status", "Status") })
        {
            if (!body.Has(key)) continue;
            var value = body.String(key, label);
            if (key == "status" && value is not null && !Statuses.Contains(value)) body.Errors["status"] = "Status is not included in the list";
            fields[key] = value;
            changed = true;
        }
        foreach (var (key, label) in new[] { ("limits", "Limits"), ("custom_attributes", "Custom attributes") })
        {
            if (!body.Has(key)) continue;
            fields[key] = body.Object(key, label);
            changed = true;
        }
        return (name, changed || creating ? fields.ToJsonString() : null);
    }
}
