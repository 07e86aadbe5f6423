namespace Dashboard.ApiDocs;

/// <summary>Where the API's description lives (one home: the document's route, the page's route, the links to them).</summary>
public static class ApiDocsPaths
{
    public const string DocumentName = "v1";

    /// <summary>The OpenAPI document, generated from the mapped endpoints.</summary>
    public const string Document = "/openapi/" + DocumentName + ".json";

    /// <summary>The page that shows the same document to people.</summary>
    public const string Page = "/api-docs";
}
