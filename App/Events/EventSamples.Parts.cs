namespace Dashboard.Events;

/// <summary>
/// The objects the samples share, shaped as the chat platform (Chatwoot 4.x) builds them: the models' <c>webhook_data</c> and
/// <c>push_event_data</c>, the conversation presenter's <c>push_data</c>. Times in its formats: Ruby times serialised by
/// Rails (ISO 8601 with milliseconds), the presenter's Unix seconds (<c>updated_at</c> a float). <c>account</c> objects and
/// <c>account_id</c> values are placeholders that <see cref="EventSamples.For"/> fills in.
/// </summary>
public static partial class EventSamples
{
    private const string Account = """{"id": 1, "name": "Acme Support"}""";

    private const string Browser = """
        {"device_name": "Macbook", "browser_name": "Chrome", "platform_name": "Macintosh",
         "browser_version": "142.0.7444.59", "platform_version": "15.1"}
        """;

    private const string ContactAttributes = """{"city": "Berlin", "country": "Germany", "company_name": "Lopez Design"}""";

    // Contact#push_event_data: the conversation's meta.sender and a message's sender inside the conversation.
    private const string ContactPush = $$"""
        {"additional_attributes": {{ContactAttributes}}, "custom_attributes": {"plan": "premium"},
         "email": "maria.lopez@example.org", "id": 318, "identifier": null, "name": "Maria Lopez",
         "phone_number": "+4915123456789", "thumbnail": "", "blocked": false, "type": "contact"}
        """;

    // Contact#webhook_data (a message's sender, the widget's contact); "type" as on the help page's sample.
    private const string ContactWebhook = $$"""
        {"account": {{Account}}, "additional_attributes": {{ContactAttributes}}, "avatar": "", "custom_attributes": {"plan": "premium"},
         "email": "maria.lopez@example.org", "id": 318, "identifier": null, "name": "Maria Lopez",
         "phone_number": "+4915123456789", "thumbnail": "", "blocked": false, "type": "contact"}
        """;

    // User#push_event_data (the conversation's assignee).
    private const string AgentPush = """
        {"id": 12, "name": "Jonas Weber", "available_name": "Jonas", "avatar_url": "", "type": "user",
         "availability_status": "online", "thumbnail": ""}
        """;

    // User#webhook_data (who is typing).
    private const string AgentWebhook = """{"id": 12, "name": "Jonas Weber", "email": "jonas.weber@acme.example", "type": "user"}""";

    private const string FirstMessage = "Hi, my order #4821 has not arrived yet. Can you help?";

    // Message#push_event_data: the row's columns, created_at in seconds, message_type as its number, conversation_id the display id.
    private const string MessagePush = $$"""
        {"id": 48213, "content": "{{FirstMessage}}", "account_id": 1, "inbox_id": 3, "conversation_id": 1207,
         "message_type": 0, "created_at": 1795439157, "updated_at": "2026-11-23T13:05:57.482Z", "private": false, "status": "sent",
         "source_id": null, "content_type": "text", "content_attributes": {}, "sender_type": "Contact", "sender_id": 318,
         "external_source_ids": {}, "additional_attributes": {}, "processed_message_content": "{{FirstMessage}}", "sentiment": {},
         "conversation": {"assignee_id": 12, "unread_count": 1, "last_activity_at": 1795439157,
                          "contact_inbox": {"source_id": "f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d"} },
         "sender": {{ContactPush}} }
        """;

    // The contact_inbox record as Rails serialises it.
    private const string ContactInbox = """
        {"id": 905, "contact_id": 318, "inbox_id": 3, "source_id": "f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
         "created_at": "2026-11-23T13:05:20.114Z", "updated_at": "2026-11-23T13:05:20.114Z", "hmac_verified": false,
         "pubsub_token": "pUbSuBtOkEn9x2LqV7mZ4kR8"}
        """;

    /// <summary>Conversations::EventDataPresenter#push_data (a conversation's webhook_data), with "account" as the help pages list it.</summary>
    private static string ConversationObject(string status, string? firstReplyAt)
    {
        // Once an agent replied, the conversation no longer waits and the agent has seen it.
        var (replied, waitingSince, agentSeen) = firstReplyAt is null ? ("null", "1795439131", "0") : ($"\"{firstReplyAt}\"", "0", "1795439200");
        return $$"""
          "additional_attributes": {"browser": {{Browser}}, "referer": "https://shop.example.com/orders/4821",
                                    "initiated_at": {"timestamp": "Mon Nov 23 2026 14:05:31 GMT+0100 (Central European Standard Time)"} },
          "can_reply": true,
          "channel": "Channel::WebWidget",
          "contact_inbox": {{ContactInbox}},
          "id": 1207,
          "inbox_id": 3,
          "messages": [{{MessagePush}}],
          "labels": ["shipping"],
          "meta": {"sender": {{ContactPush}}, "assignee": {{AgentPush}}, "assignee_type": "User", "team": {"id": 2, "name": "Support"},
                   "hmac_verified": false },
          "status": "{{status}}",
          "custom_attributes": {"order_id": "4821"},
          "snoozed_until": null,
          "unread_count": 1,
          "first_reply_created_at": {{replied}},
          "priority": null,
          "waiting_since": {{waitingSince}},
          "group": false, "group_source_id": null, "group_title": null, "group_contacts": [],
          "agent_last_seen_at": {{agentSeen}},
          "contact_last_seen_at": 1795439157,
          "last_activity_at": 1795439157,
          "timestamp": 1795439157,
          "created_at": 1795439131,
          "updated_at": 1795439157.482311,
          "account": {{Account}}
        """;
    }

    private static string Conversation(string status, string? firstReplyAt = null) => "{" + ConversationObject(status, firstReplyAt) + "}";
}
