using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dashboard.Api;

/// <summary>
/// How every <c>/api</c> answer looks: snake_case JSON (as the chat product's API), errors as <c>{"message": "…"}</c>.
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Answers are application/json, never embedded in HTML: quotes in messages stay readable ("nope", not \u0022nope\u0022).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed record MessageBody(string Message);

    public static IResult Ok<T>(T body, int status = StatusCodes.Status200OK) => Results.Json(body, Options, statusCode: status);

    public static IResult Error(int status, string message) => Results.Json(new MessageBody(message), Options, statusCode: status);

    public static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new MessageBody(message), Options, context.RequestAborted);
    }

    /// <summary>The message for an answer that left the endpoint without a body (no route, wrong method, …).</summary>
    public static string DefaultMessage(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "A valid api_access_token header is required.",
        StatusCodes.Status403Forbidden => "You are not allowed to do this.",
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status405MethodNotAllowed => "This method is not allowed here.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
        >= 500 => "Something went wrong on our side. Please try again.",
        _ => "The request could not be processed.",
    };
}
