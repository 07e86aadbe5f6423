using System.ComponentModel.DataAnnotations;

namespace Dashboard.Accounts;

/// <summary>How quickly an open page notices that its user lost the rights it was opened with (<c>Accounts:*</c>).</summary>
public sealed class AccessOptions
{
    public const string Section = "Accounts";

    /// <summary>
    /// How often an open account page re-reads its user's membership and role. Actions check at the moment they run
    /// whatever this says; this only decides how soon the page itself closes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MembershipRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
