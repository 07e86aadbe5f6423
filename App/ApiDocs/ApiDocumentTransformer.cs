using Dashboard.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.ApiDocs;

/// <summary>The document's title and overview, its one security scheme (the token header) and its sections, in order.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> Sections = new()
    {
        [ApiTags.Status] = "Whether the installation works; no token.",
        [ApiTags.Profile] = "Who a personal token belongs to, and their accounts.",
        [ApiTags.Events] = "Events in, for the webhooks of the account to deliver; and the catalogue of events.",
        [ApiTags.Webhooks] = "An account's webhooks, in the chat platform's shapes.",
        [ApiTags.PlatformAccounts] = "Platform API: accounts, for a platform app that runs the chat product for many customers.",
        [ApiTags.PlatformUsers] = "Platform API: users, found or created by email, and their one-time sign-in links.",
        [ApiTags.PlatformAccountUsers] = "Platform API: who is a member of an account, and their role.",
    };

    public static readonly string Overview =
        "Two APIs in the chat platform's shapes. The **application API** (`/api/v1`) takes events in and manages an account's webhooks; "
        + "the **Platform API** (`/platform/api/v1`) provisions accounts, users and memberships for a platform app. "
        + $"Every token goes in the `{AccessTokenHeader.Name}` header. On the application API (events in, webhooks): {TokenRules.PlatformTokenRule} "
        + "Personal tokens of administrators keep working as before.\n\n"
        + "Answers are JSON in snake_case. A refusal is `{\"error\": \"…\"}`; an invalid record is 422 `{\"message\": \"…\", \"attributes\": […]}`. "
        + "An unknown path is 404, a known path with another method 405 (`Allow` names the methods), and a database that stays locked 503 "
        + "with `Retry-After`: nothing was stored, try again.";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo { Title = "Dashboard API", Version = ApiStatus.Version, Description = Overview };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[TokenRules.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = AccessTokenHeader.Name, Description = TokenRules.SchemeDescription,
        };
        document.Tags = new HashSet<OpenApiTag>(ApiTags.InOrder.Select(t => new OpenApiTag { Name = t, Description = Sections[t] }));
        return Task.CompletedTask;
    }
}
