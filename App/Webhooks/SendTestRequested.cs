namespace Dashboard.Webhooks;

/// <summary>The create modal's answer when the admin chose to send a test event to the new webhook.</summary>
public sealed record SendTestRequested(Webhook Webhook);
