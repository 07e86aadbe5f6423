using System.ComponentModel.DataAnnotations;

namespace Dashboard.Deliveries;

/// <summary>How long the log keeps attempts, deliveries and event payloads (<c>Delivery:*</c>), validated at start.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Delivery";

    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often the purge runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per DELETE: small, so the dispatcher's writes never wait long for the database.</summary>
    [Range(1, 100_000)]
    public int RetentionBatchSize { get; set; } = 500;

    /// <summary>Breather between two DELETEs for other writers.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetentionPause { get; set; } = TimeSpan.FromMilliseconds(50);
}
