namespace Dashboard.Accounts;

public enum AccountRole
{
    Agent = 0,
    Administrator = 1,
}

/// <summary>Membership of an Identity user in an account, with the role held there.</summary>
public sealed class AccountUser
{
    public int AccountId { get; set; }
    public required string UserId { get; set; }
    public AccountRole Role { get; set; }

    public Account? Account { get; set; }
}
