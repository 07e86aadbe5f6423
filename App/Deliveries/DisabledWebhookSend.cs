using Dashboard.Components.Shared;
using Dashboard.Webhooks;
using MudBlazor;

namespace Dashboard.Deliveries;

/// <summary>
/// A resend or test to a disabled webhook (often disabled because its receiver answered 410 Gone: "stop sending") is
/// still possible, but only after the admin has read why it was disabled and confirmed. One wording for both.
/// </summary>
public static class DisabledWebhookSend
{
    /// <summary>True when the <paramref name="what"/> may go: the webhook is not disabled, or the admin confirmed after reading why.</summary>
    public static async Task<bool> MayGoOnAsync(IDialogService dialogs, string what, WebhookStatus? status, string? disabledReason) =>
        status != WebhookStatus.Disabled || await ConfirmDialog.AskAsync(dialogs, "Send to a disabled webhook?",
            $"This webhook is disabled ({Webhook.ReasonOf(disabledReason)}). If its receiver answered 410 Gone, it asked not to get " +
            $"anything more. The {what} is sent once if you go on; it does not enable the webhook.",
            "Send anyway", "Cancel", Color.Warning);

    /// <summary>What the delivery page says when this delivery's answer is what disabled its webhook.</summary>
    public const string DisabledByThisDelivery =
        "The receiver answered 410 Gone to this delivery, so its webhook was disabled: nothing more is sent to it until an admin enables it again.";
}
