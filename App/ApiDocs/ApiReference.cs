using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace Dashboard.ApiDocs;

/// <summary>One answer of a route: its status and what it means.</summary>
public sealed record ApiAnswer(string Status, string Description);

/// <summary>A parameter of a route: where it goes and what it is.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, string? Description);

/// <summary>One route as the page shows it.</summary>
/// <param name="TokenRule">Who may call it (the description's paragraph that <see cref="TokenRules.Lead"/> starts).</param>
/// <param name="RequestExample">The example body, indented; null for a route that takes none.</param>
public sealed record ApiOperation(
    string Method, string Path, string Summary, IReadOnlyList<string> Paragraphs, string? TokenRule, bool NeedsToken,
    IReadOnlyList<ApiParameter> Parameters, string? RequestExample, IReadOnlyList<ApiAnswer> Answers)
{
    /// <summary>The fragment that links to it, e.g. <c>post-api-v1-accounts-accountid-events</c>.</summary>
    public string Anchor => ApiReference.Slug($"{Method} {Path}");

    /// <summary>A curl command for it against <paramref name="baseUri"/>: the token from <c>$TOKEN</c>, the example body.</summary>
    public string Curl(string baseUri)
    {
        var lines = new List<string> { $"curl -s{(Method == "GET" ? "" : " -X " + Method)} \"{baseUri.TrimEnd('/')}{Path}\"" };
        if (NeedsToken) lines.Add($"-H \"{TokenRules.SchemeName}: $TOKEN\"");
        if (RequestExample is { } body)
        {
            lines.Add("-H \"Content-Type: application/json\"");
            lines.Add($"-d '{body.Replace("'", "'\\''", StringComparison.Ordinal)}'"); // a quote inside single quotes: close, escaped quote, reopen
        }
        return string.Join(" \\\n  ", lines);
    }
}

/// <summary>A section (an OpenAPI tag) and its routes.</summary>
public sealed record ApiSection(string Name, string? Description, IReadOnlyList<ApiOperation> Operations)
{
    public string Anchor => ApiReference.Slug(Name);
}

/// <summary>
/// The OpenAPI document (<see cref="ApiDocsPaths.Document"/>) read for people: sections in the document's order, each
/// route with its method, path, summary, who may call it, parameters, example body and answers. Built from the document
/// the app generates, never from a copy, so the page cannot drift from the API.
/// </summary>
public sealed partial record ApiReference(IReadOnlyList<string> Overview, string? TokenScheme, IReadOnlyList<ApiSection> Sections)
{
    private static readonly string[] MethodOrder = ["GET", "POST", "PATCH", "PUT", "DELETE"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ApiReference From(OpenApiDocument document)
    {
        var operations = (document.Paths ?? [])
            .SelectMany(path => (path.Value.Operations ?? []).Select(o => (Tag: o.Value.Tags?.FirstOrDefault()?.Name ?? "", Operation: Read(path.Key, o.Key.Method, o.Value))))
            .ToList();
        var tags = (document.Tags ?? new HashSet<OpenApiTag>()).ToList();
        var sections = tags.Select(t => t.Name ?? "").Concat(operations.Select(o => o.Tag)).Distinct()
            .Select(name => new ApiSection(name, tags.FirstOrDefault(t => t.Name == name)?.Description,
                operations.Where(o => o.Tag == name).Select(o => o.Operation)
                    .OrderBy(o => o.Path.Count(c => c == '/')).ThenBy(o => o.Path, StringComparer.Ordinal)
                    .ThenBy(o => Array.IndexOf(MethodOrder, o.Method)).ToList()))
            .Where(s => s.Operations.Count > 0).ToList();
        var scheme = document.Components?.SecuritySchemes?.TryGetValue(TokenRules.SchemeName, out var s) == true ? s.Description : null;
        return new(Paragraphs(document.Info?.Description), scheme, sections);
    }

    private static ApiOperation Read(string path, string method, OpenApiOperation operation)
    {
        var paragraphs = Paragraphs(operation.Description);
        var rule = paragraphs.LastOrDefault(p => p.StartsWith(TokenRules.Lead, StringComparison.Ordinal));
        var example = operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true ? body.Example : null;
        return new(method.ToUpperInvariant(), path, operation.Summary ?? "", paragraphs.Where(p => p != rule).ToList(),
            rule?[TokenRules.Lead.Length..], operation.Security?.Count > 0,
            (operation.Parameters ?? []).Select(p => new ApiParameter(p.Name ?? "", p.In?.ToString().ToLowerInvariant() ?? "", p.Required, p.Description)).ToList(),
            example is null ? null : example.ToJsonString(Indented),
            (operation.Responses ?? []).Select(r => new ApiAnswer(r.Key, r.Value.Description ?? "")).ToList());
    }

    private static List<string> Paragraphs(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>Letters and digits, lower case, the rest one dash: an id for a fragment.</summary>
    public static string Slug(string text) => NotAlphanumeric().Replace(text.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotAlphanumeric();
}
