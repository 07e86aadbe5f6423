using System.ComponentModel;
using Dashboard.Api;
using Dashboard.Accounts;

namespace Dashboard.Webhooks;

/// <summary>
/// The chat product's webhooks REST API, same paths, shapes and error answers, so its clients work unchanged.
/// Validation is <see cref="WebhookRules"/> through <see cref="WebhookService"/>, exactly as in the settings modal.
/// </summary>
public static class WebhooksApi
{
    public const int MaxBodyBytes = 64 * 1024;
    public const string NotFoundMessage = ApiJson.NotFoundMessage;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapAccountApi("/webhooks").WithTags(ApiTags.Webhooks)
            .CalledBy(ApiCallers.AccountAdministratorOrPlatformApp, EndpointDocs.AccountApiRefusal);
        group.MapGet("", ListAsync)
            .WithSummary("List the account's webhooks")
            .Returns<PayloadEnvelope<WebhookListPayload>>(StatusCodes.Status200OK, "`{\"payload\": {\"webhooks\": […]}}`, each with its signing secret");
        group.MapPost("", CreateAsync)
            .WithSummary("Create a webhook")
            .WithDescription(BodyRules + " Without `subscriptions` the webhook gets the platform's default events.")
            .AcceptsJson<WebhookRequest>(WebhookRequest.Example, MaxBodyBytes)
            .Returns<PayloadEnvelope<WebhookPayload>>(StatusCodes.Status200OK, "The webhook as stored, with its new signing secret")
            .RefusesInvalid(InvalidAnswers);
        // Rails routes both verbs of a resource to update, and both change only the fields sent.
        group.MapMethods("/{id:int}", [HttpMethods.Patch, HttpMethods.Put], UpdateAsync)
            .WithSummary("Update a webhook")
            .WithDescription(BodyRules + " Only the fields sent change, with PATCH and PUT alike.")
            .AcceptsJson<WebhookRequest>(WebhookRequest.UpdateExample, MaxBodyBytes)
            .Returns<PayloadEnvelope<WebhookPayload>>(StatusCodes.Status200OK, "The webhook as stored")
            .Refuses(StatusCodes.Status404NotFound, UnknownWebhook)
            .RefusesInvalid(InvalidAnswers);
        group.MapDelete("/{id:int}", DeleteAsync)
            .WithSummary("Delete a webhook")
            .ReturnsNoBody(StatusCodes.Status200OK, "Deleted; no body, as the platform answers")
            .Refuses(StatusCodes.Status404NotFound, UnknownWebhook);
        return app;
    }

    private const string BodyRules =
        "The platform's body, `{\"webhook\": {…}}`, or the same keys flat (Rails wraps them). `inbox_id` is refused: there are no inboxes here.";
    private const string InvalidAnswers =
        "The platform's words, joined with \", \": `Url is invalid`, `Url has already been taken`, `Subscriptions Invalid events`, with the fields in "
        + "`attributes`; a body without a webhook is `{\"error\": \"param is missing or the value is empty: webhook\"}`";
    private const string UnknownWebhook = "No webhook with this id in this account";

    private static async Task<IResult> ListAsync(HttpContext http, WebhookService webhooks)
    {
        var list = await webhooks.ListAsync(http.ApiCaller().AccountId, ct: http.RequestAborted);
        return ApiJson.Ok(new PayloadEnvelope<WebhookListPayload>(new(list.Select(WebhookJson.From).ToList())));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, WebhookService webhooks)
    {
        var (input, refusal) = await ReadInputAsync(http);
        if (refusal is not null) return refusal;
        // As the platform's column default: a body without subscriptions subscribes to its default events.
        var complete = input! with { Subscriptions = input.Subscriptions ?? WebhookRules.PlatformDefaultSubscriptions };
        var saved = await webhooks.CreateAsync(http.ApiCaller().AccountId, complete, http.RequestAborted);
        return Answer(saved);
    }

    private static async Task<IResult> UpdateAsync([Description("The webhook's id")] int id, HttpContext http, WebhookService webhooks)
    {
        var accountId = http.ApiCaller().AccountId;
        // Unknown id first: another account's webhook is "not found", whatever the body says.
        if (await webhooks.FindAsync(accountId, id, http.RequestAborted) is null)
            return ApiJson.Error(StatusCodes.Status404NotFound, NotFoundMessage);
        var (input, refusal) = await ReadInputAsync(http);
        if (refusal is not null) return refusal;
        var saved = await webhooks.UpdateAsync(accountId, id, input!, http.RequestAborted);
        return saved is null ? ApiJson.Error(StatusCodes.Status404NotFound, NotFoundMessage) : Answer(saved);
    }

    // As the platform answers (Rails' `head :ok`): 200 and nothing else.
    private static async Task<IResult> DeleteAsync([Description("The webhook's id")] int id, HttpContext http, WebhookService webhooks) =>
        await webhooks.DeleteAsync(http.ApiCaller().AccountId, id, http.RequestAborted)
            ? Results.Ok()
            : ApiJson.Error(StatusCodes.Status404NotFound, NotFoundMessage);

    private static async Task<(WebhookInput? Input, IResult? Refusal)> ReadInputAsync(HttpContext http)
    {
        var read = await JsonBody.ReadObjectAsync(http.Request, MaxBodyBytes, http.RequestAborted);
        if (read.Refusal is not null) return (null, read.Refusal);
        var parsed = WebhookJsonInput.Read(read.Body!);
        if (parsed.MissingParameter is not null) return (null, ApiJson.Error(StatusCodes.Status422UnprocessableEntity, parsed.MissingParameter));
        return parsed.Invalid is not null ? (null, Invalid(parsed.Invalid)) : (parsed.Input, null);
    }

    private static IResult Answer(WebhookSaveResult saved) => saved.Succeeded
        ? ApiJson.Ok(new PayloadEnvelope<WebhookPayload>(new(WebhookJson.From(saved.Webhook!))))
        : Invalid(saved.Errors);

    /// <summary>
    /// The platform's words, which its clients show: Rails' full messages ("Url is invalid"), joined with ", ". The modal
    /// keeps its own (<see cref="WebhookRules"/>); the fields named are the same.
    /// </summary>
    private static IResult Invalid(ValidationErrors errors) =>
        ApiJson.Invalid(string.Join(", ", errors.Select(e => PlatformMessage(e.Key, e.Value))), errors.Keys);

    private static string PlatformMessage(string field, string ours) => field switch
    {
        WebhookRules.Url => ours == WebhookService.DuplicateUrlMessage ? "Url has already been taken" : "Url is invalid",
        WebhookRules.Subscriptions => "Subscriptions Invalid events", // its model's errors.webhook.invalid
        WebhookRules.Name => ours == WebhookRules.LongNameMessage ? $"Name is too long (maximum is {WebhookRules.MaxNameLength} characters)" : "Name is invalid",
        _ => ours,
    };
}
