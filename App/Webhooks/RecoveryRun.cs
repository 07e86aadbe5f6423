namespace Dashboard.Webhooks;

/// <summary>
/// The latest Recover run of a webhook, in the database so that every instance sees it: only one runs per webhook
/// across all instances (its owner keeps <see cref="UpdatedAt"/> fresh; a run whose owner went silent may be taken over).
/// </summary>
public sealed class RecoveryRun
{
    public int WebhookId { get; set; }
    public int AccountId { get; set; }
    public DateTime Since { get; set; }
    public int Total { get; set; }
    public int Done { get; set; }
    public int Succeeded { get; set; }
    public bool Finished { get; set; }
    public bool StoppedByGone { get; set; }

    /// <summary>The instance running it (<see cref="RecoveryRunner"/>'s id).</summary>
    public string Owner { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}
