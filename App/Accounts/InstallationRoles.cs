namespace Dashboard.Accounts;

/// <summary>Roles of the installation, above any account (account roles are <see cref="AccountRole"/>).</summary>
public static class InstallationRoles
{
    /// <summary>Runs the installation: the console at /operator, accounts, users, platform apps. Needs no account.</summary>
    public const string Operator = "Operator";
}
