namespace Dashboard.Webhooks;

/// <summary>The add/edit modal's sentence beside its button when it could not save: what is still needed, in words.</summary>
public static class WebhookDialogText
{
    public static string Missing(ValidationErrors rules, ValidationErrors server)
    {
        var needed = new List<string>();
        // The server's answer (a duplicate URL) is about the URL and replaces the rules' word on it.
        if (server.GetValueOrDefault(WebhookRules.Url) is { } serverUrl) needed.Add(serverUrl.TrimEnd('.'));
        else if (rules.ContainsKey(WebhookRules.Url)) needed.Add("a valid webhook URL (http:// or https://)");
        if (rules.ContainsKey(WebhookRules.Subscriptions) || server.ContainsKey(WebhookRules.Subscriptions)) needed.Add("at least one event");
        if (rules.ContainsKey(WebhookRules.Name) || server.ContainsKey(WebhookRules.Name)) needed.Add($"a name of at most {WebhookRules.MaxNameLength} characters");
        needed.AddRange(server.Where(e => e.Key is not (WebhookRules.Url or WebhookRules.Subscriptions or WebhookRules.Name)).Select(e => e.Value.TrimEnd('.')));
        return needed.Count == 0 ? "" : server.ContainsKey(WebhookRules.Url)
            ? $"Not saved: {string.Join("; ", needed)}."
            : $"Not saved yet. Still needed: {string.Join(", ", needed)}.";
    }
}
