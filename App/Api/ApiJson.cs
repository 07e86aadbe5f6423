using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dashboard.Api;

/// <summary>
/// How every <c>/api</c> answer looks, the chat platform's way (its <c>request_exception_handler.rb</c>): snake_case JSON;
/// a refusal is <c>{"error": "…"}</c>; an invalid record is 422 <c>{"message": "…", "attributes": ["url", …]}</c>.
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Answers are application/json, never embedded in HTML: quotes in messages stay readable ("nope", not \u0022nope\u0022).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A refusal (bad token, no rights, not found, bad or missing parameter, …).</summary>
    public sealed record ErrorBody(string Error);

    /// <summary>A record that failed validation: every message in one sentence, and the fields they are about.</summary>
    public sealed record InvalidBody(string Message, IReadOnlyList<string> Attributes);

    public const string NotFoundMessage = "Resource could not be found";

    public static IResult Ok<T>(T body, int status = StatusCodes.Status200OK) => Results.Json(body, Options, statusCode: status);

    public static IResult Error(int status, string message) => Results.Json(new ErrorBody(message), Options, statusCode: status);

    public static IResult Invalid(string message, IEnumerable<string> attributes) =>
        Results.Json(new InvalidBody(message, attributes.ToList()), Options, statusCode: StatusCodes.Status422UnprocessableEntity);

    public static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(message), Options, context.RequestAborted);
    }

    /// <summary>The message for an answer that left the endpoint without a body (no route, wrong method, …).</summary>
    public static string DefaultMessage(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ApiAuthorization.InvalidTokenMessage,
        StatusCodes.Status403Forbidden => ApiAuthorization.NotAdministratorMessage,
        StatusCodes.Status404NotFound => NotFoundMessage,
        StatusCodes.Status405MethodNotAllowed => "This method is not allowed here.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
        >= 500 => "Something went wrong on our side. Please try again.",
        _ => "The request could not be processed.",
    };
}
