using System.Globalization;
using System.Text.Json.Nodes;
using Dashboard.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;

namespace Dashboard.ApiDocs;

/// <summary>
/// Completes each operation from its endpoint's metadata (declared where it is mapped, <see cref="EndpointDocs"/>): who
/// may call it and the security requirement, the rate limit's 429, the request's example, the parameters a handler reads
/// by hand, and the group's path parameters the handler does not bind (<c>accountId</c>).
/// </summary>
public sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        AddPathParameters(operation, context.Description);
        foreach (var parameter in metadata.OfType<ParameterDoc>()) AddParameter(operation, parameter);
        DescribeAccess(operation, metadata, context.Document);
        if (metadata.OfType<JsonRequestDoc>().LastOrDefault() is { } body)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !body.Optional,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await SchemaAsync(body.Schema, context, cancellationToken), Example = JsonNode.Parse(body.ExampleJson) },
                },
            };
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            await AddTooManyRequestsAsync(operation, context, cancellationToken);
        DescribeResponses(operation, metadata);
    }

    /// <summary>Each answer's own words (ApiExplorer keeps only the status's reason phrase), in the order of their codes.</summary>
    private static void DescribeResponses(OpenApiOperation operation, IList<object> metadata)
    {
        if (operation.Responses is not { } responses) return;
        foreach (var declared in metadata.OfType<IProducesResponseTypeMetadata>())
            if (declared.Description is { } text && responses.TryGetValue(declared.StatusCode.ToString(CultureInfo.InvariantCulture), out var response)
                && response is OpenApiResponse concrete)
                concrete.Description = text;
        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered) responses[status] = response;
    }

    private static void DescribeAccess(OpenApiOperation operation, IList<object> metadata, OpenApiDocument? document)
    {
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var rule = TokenRules.For(metadata.OfType<ApiCallersMetadata>().LastOrDefault()?.Callers, anonymous);
        if (rule is null) return;
        operation.Description = string.IsNullOrEmpty(operation.Description) ? rule : operation.Description + "\n\n" + rule;
        if (anonymous) return;
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenRules.SchemeName, document)] = [] }];
    }

    /// <summary>The route's parameters that no handler argument binds, as the route constrains them (all ids here: int).</summary>
    private static void AddPathParameters(OpenApiOperation operation, ApiDescription description)
    {
        if (description.ActionDescriptor.AttributeRouteInfo?.Template is not { } template) return;
        foreach (var parameter in RoutePatternFactory.Parse(template).Parameters)
        {
            if (operation.Parameters?.Any(p => p.Name == parameter.Name) == true) continue;
            var integer = parameter.ParameterPolicies.Any(p => p.Content == "int");
            operation.Parameters ??= [];
            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = parameter.Name, In = ParameterLocation.Path, Required = true,
                Description = parameter.Name == "accountId" ? "The account's id (GET /api/v1/profile lists yours)" : null,
                Schema = integer ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" } : new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    private static void AddParameter(OpenApiOperation operation, ParameterDoc parameter)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = parameter.Name, In = parameter.InHeader ? ParameterLocation.Header : ParameterLocation.Query, Required = false,
            Description = parameter.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static async Task AddTooManyRequestsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Responses ??= [];
        operation.Responses["429"] = new OpenApiResponse
        {
            Description = "Past the rate limit (`RateLimits:*`): try again after the seconds in `Retry-After`",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = await SchemaAsync(typeof(ApiJson.ErrorBody), context, ct) },
            },
        };
    }

    /// <summary>A reference to the type's schema among the document's components, put there on first use.</summary>
    private static async Task<IOpenApiSchema> SchemaAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Document is not { } document) return await context.GetOrCreateSchemaAsync(type, null, ct);
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, ct));
        return new OpenApiSchemaReference(type.Name, document);
    }
}
