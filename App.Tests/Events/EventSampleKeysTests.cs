using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Events;

namespace Dashboard.Tests.Events;

/// <summary>
/// Each test-fire sample carries every key the chat platform's real payload has. The key lists are copied from the
/// platform's source (Chatwoot 4.x, chatwoot/chatwoot), file and method named beside each list; the app's samples are
/// checked against them, not against themselves.
/// </summary>
public sealed partial class EventSampleKeysTests
{
    // app/models/account.rb, inbox.rb: #webhook_data; app/models/team.rb: #push_event_data.
    private static readonly string[] IdAndName = ["id", "name"];

    // app/models/contact.rb #push_event_data
    private static readonly string[] ContactPush =
        ["additional_attributes", "custom_attributes", "email", "id", "identifier", "name", "phone_number", "thumbnail", "blocked", "type"];

    // app/models/contact.rb #webhook_data
    private static readonly string[] ContactWebhook =
        ["account", "additional_attributes", "avatar", "custom_attributes", "email", "id", "identifier", "name", "phone_number", "thumbnail", "blocked"];

    // app/models/user.rb #push_event_data and #webhook_data
    private static readonly string[] UserPush = ["id", "name", "available_name", "avatar_url", "type", "availability_status", "thumbnail"];
    private static readonly string[] UserWebhook = ["id", "name", "email", "type"];

    // app/models/message.rb #push_event_data: the messages table's columns (schema comment) + conversation + sender.
    private static readonly string[] MessagePush =
    [
        "id", "content", "account_id", "inbox_id", "conversation_id", "message_type", "created_at", "updated_at", "private", "status",
        "source_id", "content_type", "content_attributes", "sender_type", "sender_id", "external_source_ids", "additional_attributes",
        "processed_message_content", "sentiment", "conversation", "sender",
    ];

    // app/models/message.rb #conversation_push_event_data
    private static readonly string[] MessagePushConversation = ["assignee_id", "unread_count", "last_activity_at", "contact_inbox"];

    // app/models/message.rb #webhook_data (+ "event" from app/listeners/webhook_listener.rb)
    private static readonly string[] MessageWebhook =
    [
        "event", "account", "additional_attributes", "content_attributes", "content_type", "content", "conversation", "created_at", "id",
        "inbox", "message_type", "private", "sender", "source_id",
    ];

    // app/presenters/conversations/event_data_presenter.rb #push_data, #push_status_data, #push_timestamps, #push_group_data
    // (app/models/concerns/push_data_helper.rb: a conversation's webhook_data is this push_data).
    private static readonly string[] Conversation =
    [
        "additional_attributes", "can_reply", "channel", "contact_inbox", "id", "inbox_id", "messages", "labels", "meta", "status",
        "custom_attributes", "snoozed_until", "unread_count", "first_reply_created_at", "priority", "waiting_since",
        "group", "group_source_id", "group_title", "group_contacts",
        "agent_last_seen_at", "contact_last_seen_at", "last_activity_at", "timestamp", "created_at", "updated_at",
    ];

    // app/presenters/conversations/event_data_presenter.rb #push_meta
    private static readonly string[] ConversationMeta = ["sender", "assignee", "assignee_type", "team", "hmac_verified"];

    // app/models/contact_inbox.rb: the contact_inboxes table's columns (schema comment), as Rails serialises the record.
    private static readonly string[] ContactInboxRecord = ["id", "contact_id", "inbox_id", "source_id", "created_at", "updated_at", "hmac_verified", "pubsub_token"];

    // app/models/contact_inbox.rb #webhook_data (+ "event", "event_info" from app/listeners/webhook_listener.rb #webwidget_triggered)
    private static readonly string[] ContactInboxWebhook = ["event", "id", "contact", "inbox", "account", "current_conversation", "source_id", "event_info"];

    // app/listeners/webhook_listener.rb #handle_typing_status
    private static readonly string[] Typing = ["event", "user", "conversation", "is_private"];

    // app/presenters/inbox/event_data_presenter.rb #push_data
    private static readonly string[] Inbox =
    [
        "allow_messages_after_resolved", "lock_to_single_conversation", "add_label_to_resolve_conversation", "auto_assignment_config",
        "enable_auto_assignment", "enable_email_collect", "greeting_enabled", "greeting_message", "csat_survey_enabled", "business_name",
        "sender_name_type", "timezone", "out_of_office_message", "working_hours_enabled", "working_hours", "created_at", "updated_at", "channel",
    ];

    // app/models/channel/web_widget.rb: the channel_web_widgets table's columns (schema comment).
    private static readonly string[] WebWidgetChannel =
    [
        "id", "continuity_via_email", "feature_flags", "hmac_mandatory", "hmac_token", "pre_chat_form_enabled", "pre_chat_form_options",
        "reply_time", "website_token", "website_url", "welcome_tagline", "welcome_title", "widget_color", "created_at", "updated_at", "account_id",
    ];

    // The help page's message sample (shared/reference/chat-webhooks.md), which receivers copy: kept beside the real keys.
    private static readonly string[] HelpPageMessage =
        ["event", "id", "content", "content_type", "content_attributes", "message_type", "created_at", "private", "source_id", "sender", "contact", "inbox", "conversation", "account"];

    /// <summary>Per event: the object at each path (dots; [0] for an array's first item) and the keys it must have.</summary>
    public static TheoryData<string> Events => new(EventCatalog.All.Select(e => e.Name));

    private static IEnumerable<(string Path, string[] Keys)> Expected(string name) => name switch
    {
        "message_created" or "message_updated" =>
        [
            ("", MessageWebhook), ("", HelpPageMessage), ("sender", ContactWebhook), ("contact", IdAndName), ("inbox", IdAndName), ("account", IdAndName),
            ("conversation", [.. Conversation, "display_id"]), ("conversation.additional_attributes", ["browser", "referer", "initiated_at"]),
            .. ConversationParts("conversation"),
        ],
        "conversation_created" => [("", ["event", .. Conversation]), .. ConversationParts("")],
        "conversation_status_changed" or "conversation_updated" => [("", ["event", "changed_attributes", .. Conversation]), .. ConversationParts("")],
        "contact_created" => [("", ["event", .. ContactWebhook]), ("account", IdAndName)],
        "contact_updated" => [("", ["event", "changed_attributes", .. ContactWebhook]), ("account", IdAndName)],
        "webwidget_triggered" =>
        [
            ("", ContactInboxWebhook), ("contact", ContactWebhook), ("inbox", IdAndName), ("account", IdAndName),
            ("current_conversation", Conversation), .. ConversationParts("current_conversation"),
        ],
        "conversation_typing_on" or "conversation_typing_off" =>
            [("", Typing), ("user", UserWebhook), ("conversation", Conversation), .. ConversationParts("conversation")],
        "inbox_created" => [("", ["event", .. Inbox]), ("channel", WebWidgetChannel)],
        "inbox_updated" => [("", ["event", "changed_attributes", .. Inbox]), ("channel", WebWidgetChannel)],
        _ => throw new ArgumentException($"No key list for {name}: add the platform's keys for the new event here."),
    };

    private static IEnumerable<(string, string[])> ConversationParts(string at)
    {
        var prefix = at.Length == 0 ? "" : at + ".";
        return
        [
            (prefix + "meta", ConversationMeta), (prefix + "meta.sender", ContactPush), (prefix + "meta.assignee", UserPush),
            (prefix + "meta.team", IdAndName), (prefix + "contact_inbox", ContactInboxRecord), (prefix + "messages[0]", MessagePush),
            (prefix + "messages[0].conversation", MessagePushConversation), (prefix + "messages[0].sender", ContactPush),
        ];
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Sample_has_every_key_of_the_platforms_payload(string name)
    {
        var sample = EventSamples.For(name, 5, "Keys Co");

        foreach (var (path, keys) in Expected(name))
        {
            var node = At(sample, path);
            var missing = keys.Where(k => !node.ContainsKey(k)).ToList();
            Assert.True(missing.Count == 0, $"{name} at \"{path}\" lacks {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void Times_follow_the_platforms_formats()
    {
        // Ruby times serialised by Rails: ISO 8601 with milliseconds; the conversation presenter's: Unix seconds, updated_at a float.
        var message = EventSamples.For("message_created", 5, "Keys Co");
        Assert.Matches(RailsTime(), message["created_at"]!.GetValue<string>());
        var conversation = message["conversation"]!.AsObject();
        foreach (var key in new[] { "created_at", "timestamp", "last_activity_at", "agent_last_seen_at", "contact_last_seen_at", "waiting_since" })
            Assert.True(conversation[key]!.GetValueKind() == JsonValueKind.Number && long.TryParse(conversation[key]!.ToJsonString(), out _), key);
        Assert.Contains(".", conversation["updated_at"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Matches(RailsTime(), conversation["contact_inbox"]!["created_at"]!.GetValue<string>());
        Assert.Matches(RailsTime(), EventSamples.For("conversation_updated", 5, "Keys Co")["first_reply_created_at"]!.GetValue<string>());
        Assert.Matches(RailsTime(), EventSamples.For("inbox_created", 5, "Keys Co")["created_at"]!.GetValue<string>());
    }

    [Fact]
    public void Webwidget_triggered_id_is_the_contact_inboxs_integer_id()
    {
        var sample = EventSamples.For("webwidget_triggered", 5, "Keys Co");

        Assert.Equal(JsonValueKind.Number, sample["id"]!.GetValueKind());
        Assert.Equal(sample["current_conversation"]!["contact_inbox"]!["id"]!.GetValue<int>(), sample["id"]!.GetValue<int>());
    }

    [Fact]
    public void Changed_attributes_list_one_previous_and_current_value_per_attribute()
    {
        foreach (var name in new[] { "conversation_status_changed", "conversation_updated", "contact_updated", "inbox_updated" })
        {
            var changes = EventSamples.For(name, 5, "Keys Co")["changed_attributes"]!.AsArray();
            Assert.NotEmpty(changes);
            Assert.All(changes, c => Assert.Equal(["current_value", "previous_value"], Assert.Single(c!.AsObject()).Value!.AsObject().Select(p => p.Key).Order()));
        }
    }

    private static JsonObject At(JsonObject root, string path)
    {
        JsonNode node = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
            node = part.EndsWith("[0]", StringComparison.Ordinal) ? node[part[..^3]]!.AsArray()[0]! : node[part] ?? throw new KeyNotFoundException(path);
        return node.AsObject();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex RailsTime();
}
