using System.ComponentModel.DataAnnotations;

namespace Dashboard.Telemetry;

/// <summary><c>Health:*</c>: how the readiness checks judge the background loops.</summary>
public sealed class HealthOptions : IValidatableObject
{
    public const string Section = "Health";

    /// <summary>
    /// A loop this late is stalled and <c>/health/ready</c> turns unhealthy: the writer in one transaction this long, the
    /// dispatcher this long past its planned wake-up, the LISTEN connection down this long. Above SQLite's 5 s busy wait
    /// and a slow claim, so a busy instance is not taken out of rotation.
    /// </summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StallAfter <= TimeSpan.Zero)
            yield return new("Health:StallAfter must be positive, e.g. 00:00:30.", [nameof(StallAfter)]);
    }
}
