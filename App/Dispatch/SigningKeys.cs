using System.Data.Common;
using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// Where a delivery goes and which secrets sign it, read from a webhook row at one moment. The one reader of a
/// webhook's URL and secrets for sending: the outbox's hand-off, the claim and manual sends all build it here, so
/// "the previous secret keeps signing until it expires" is applied in one place.
/// </summary>
public sealed record SigningKeys(string Url, string Secret, string? PreviousSecret)
{
    /// <summary>The webhook columns (table alias <c>w</c>) that <see cref="Read"/> expects, in this order.</summary>
    public const string Columns = "w.Url, w.Secret, w.PreviousSecret, w.PreviousSecretExpiresAt";

    public static SigningKeys Read(DbDataReader reader, int first, DateTime now) =>
        Of(reader.GetString(first), reader.GetString(first + 1), reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
            Sql.ReadTime(reader, first + 3), now);

    public static SigningKeys Of(string url, string secret, string? previousSecret, DateTime? previousExpiresAt, DateTime now) =>
        new(url, secret, WebhookSecret.PreviousStillSigning(previousSecret, previousExpiresAt, now));
}
