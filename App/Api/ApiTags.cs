namespace Dashboard.Api;

/// <summary>The sections of the API's documentation, in the order it shows them (ApiDocs adds what each is about).</summary>
public static class ApiTags
{
    public const string Status = "Status";
    public const string Profile = "Profile";
    public const string Events = "Events";
    public const string Webhooks = "Webhooks";
    public const string PlatformAccounts = "Platform: accounts";
    public const string PlatformUsers = "Platform: users";
    public const string PlatformAccountUsers = "Platform: account_users";

    public static readonly IReadOnlyList<string> InOrder = [Status, Profile, Events, Webhooks, PlatformAccounts, PlatformUsers, PlatformAccountUsers];
}
