using Dashboard.Dispatch;

namespace Dashboard.Webhooks;

/// <summary>
/// A rotation the admin chose in the Edit modal, applied only when the edit is saved (Cancel drops it): the new secret
/// (made when chosen, so it can be copied first) and what happens to the current one. Which secrets then sign is
/// Dispatch's rule (<see cref="WebhookSecret.PreviousStillSigning"/>); this only sets what that rule reads.
/// </summary>
/// <param name="ExpirePreviousNow">True for a leaked secret: the current one stops signing at once; otherwise it keeps signing for <see cref="WebhookService.PreviousSecretLifetime"/>.</param>
public sealed record SecretRotation(string NewSecret, bool ExpirePreviousNow)
{
    public static SecretRotation Choose(bool expirePreviousNow) => new(WebhookSecret.Generate(), expirePreviousNow);

    /// <summary>Puts the new secret in place on <paramref name="webhook"/>; the current one becomes the previous one, or is dropped.</summary>
    internal void ApplyTo(Webhook webhook, DateTime now)
    {
        webhook.PreviousSecret = ExpirePreviousNow ? null : webhook.Secret;
        webhook.PreviousSecretExpiresAt = ExpirePreviousNow ? null : now + WebhookService.PreviousSecretLifetime;
        webhook.Secret = NewSecret;
        webhook.UpdatedAt = now;
    }
}
