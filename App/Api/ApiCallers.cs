namespace Dashboard.Api;

/// <summary>
/// Who may call an API route, said on the route (or its group) for the API's documentation. The policies decide
/// (<see cref="ApiAuthorization"/>, the Platform API's own); this only describes them. A public route says
/// <c>AllowAnonymous()</c> instead.
/// </summary>
public enum ApiCallers
{
    /// <summary>Any user, by their personal token: administrators and agents alike.</summary>
    AnyUser,

    /// <summary>An administrator of the account in the path, by personal token; or a platform app that may reach it, by its token.</summary>
    AccountAdministratorOrPlatformApp,

    /// <summary>A platform app, by its token.</summary>
    PlatformApp,
}

/// <summary>The endpoint metadata that carries <see cref="ApiCallers"/>.</summary>
public sealed record ApiCallersMetadata(ApiCallers Callers);
