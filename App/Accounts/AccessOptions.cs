using System.ComponentModel.DataAnnotations;

namespace Dashboard.Accounts;

/// <summary>How quickly an open page, or an API token, stops working after its user lost the rights (<c>Accounts:*</c>).</summary>
public sealed class AccessOptions
{
    public const string Section = "Accounts";

    /// <summary>
    /// How often an open account page re-reads its user's membership and role. Actions check at the moment they run
    /// whatever this says; this only decides how soon the page itself closes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MembershipRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the API trusts that a token's user administers an account without asking the database again: the longest
    /// a removed member, a demoted administrator or a token regenerated on another instance keeps working. Zero: ask every time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan ApiAccessCacheDuration { get; set; } = TimeSpan.FromSeconds(1);
}
