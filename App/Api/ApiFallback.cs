using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace Dashboard.Api;

/// <summary>
/// The answer for an <c>/api</c> request no API endpoint takes: 405 with <c>Allow</c> when the path exists for other
/// methods, else 404, both as JSON. Without it a GET to a POST-only path fell through to the pages' GET handling and
/// came back 404, which tells an API client the path is wrong when only the method is.
/// </summary>
public static class ApiFallback
{
    private static readonly string[] Prefixes = ["/api/", "/platform/api/"];

    public static void MapApiFallback(this WebApplication app)
    {
        foreach (var prefix in Prefixes) MapFallback(app, prefix);
    }

    private static void MapFallback(WebApplication app, string prefix) =>
        // A catch-all after the literal prefix: less specific than every API route, more specific than the pages' fallback.
        app.Map(prefix + "{**rest}", (HttpContext context, EndpointDataSource endpoints) =>
        {
            var allowed = AllowedMethods(context, endpoints, prefix);
            if (allowed.Count == 0)
                return ApiJson.Error(StatusCodes.Status404NotFound, ApiJson.DefaultMessage(StatusCodes.Status404NotFound));
            context.Response.Headers.Allow = string.Join(", ", allowed);
            return ApiJson.Error(StatusCodes.Status405MethodNotAllowed, ApiJson.DefaultMessage(StatusCodes.Status405MethodNotAllowed));
        }).ExcludeFromDescription();

    /// <summary>The methods of the API endpoints whose route (constraints included) matches this request's path.</summary>
    private static SortedSet<string> AllowedMethods(HttpContext context, EndpointDataSource endpoints, string prefix)
    {
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        var constraints = context.RequestServices.GetRequiredService<IInlineConstraintResolver>();
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            if (pattern.RawText is not { } raw || !raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || raw.StartsWith(prefix + "{**", StringComparison.Ordinal))
                continue;
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods) continue;
            var values = new RouteValueDictionary();
            if (!new TemplateMatcher(TemplateParser.Parse(raw), new RouteValueDictionary()).TryMatch(context.Request.Path, values)) continue;
            if (!ConstraintsMatch(context, pattern, values, constraints)) continue;
            allowed.UnionWith(methods.HttpMethods);
        }
        return allowed;
    }

    private static bool ConstraintsMatch(HttpContext context, RoutePattern pattern, RouteValueDictionary values, IInlineConstraintResolver resolver)
    {
        foreach (var parameter in pattern.Parameters)
            foreach (var policy in parameter.ParameterPolicies)
                if (policy.Content is { } text && resolver.ResolveConstraint(text) is { } constraint
                    && !constraint.Match(context, null, parameter.Name, values, RouteDirection.IncomingRequest))
                    return false;
        return true;
    }
}
