namespace Dashboard.Events;

/// <summary>
/// The sample bodies, one per event, shaped by the chat platform's <c>app/listeners/webhook_listener.rb</c> (which object's
/// <c>webhook_data</c> each event carries, merged with <c>event</c> and, on updates, <c>changed_attributes</c>). The parts
/// they share: EventSamples.Parts.cs.
/// </summary>
public static partial class EventSamples
{
    // Message#webhook_data, plus the help page's sample, which receivers copy: contact {id, name}, the conversation's
    // display_id and its additional_attributes with the browser, referer and initiated_at.
    private static string Message(string name, string content, string? firstReplyAt) => $$"""
        {
          "event": "{{name}}",
          "id": 48213,
          "content": "{{content}}",
          "content_type": "text",
          "content_attributes": {{(firstReplyAt is null ? "{}" : """{"previous_content": "Hi, my order #4821 has not arrived yet. Can you help?"}""")}},
          "message_type": "incoming",
          "created_at": "2026-11-23T13:05:57.482Z",
          "private": false,
          "source_id": null,
          "sender": {{ContactWebhook}},
          "contact": {"id": 318, "name": "Maria Lopez"},
          "inbox": {"id": 3, "name": "Website chat"},
          "conversation": {
            "display_id": 1207,
            {{ConversationObject("open", firstReplyAt).Replace(
                "\"initiated_at\": {\"timestamp\": \"Mon Nov 23 2026 14:05:31 GMT+0100 (Central European Standard Time)\"}",
                "\"initiated_at\": \"Mon Nov 23 2026 14:05:31 GMT+0100 (Central European Standard Time)\"", StringComparison.Ordinal)}}
          },
          "account": {{Account}},
          "additional_attributes": {}
        }
        """;

    // Conversation#webhook_data merged with the event (and the changes, on the two update events).
    private static string ConversationEvent(string name, string status, string? changed, string? firstReplyAt = null) => changed is null
        ? $$"""{"event": "{{name}}", {{ConversationObject(status, firstReplyAt)}} }"""
        : $$"""{"event": "{{name}}", {{ConversationObject(status, firstReplyAt)}}, "changed_attributes": {{changed}} }""";

    // Contact#webhook_data merged with the event (and the changes on contact_updated).
    private static string Contact(string name, string? changed) => $$"""
        {
          "event": "{{name}}",
          "account": {{Account}},
          "additional_attributes": {{ContactAttributes}},
          "avatar": "",
          "custom_attributes": {"plan": "premium"},
          "email": "maria.lopez@example.org",
          "id": 318,
          "identifier": null,
          "name": "Maria Lopez",
          "phone_number": {{(changed is null ? "null" : "\"+4915123456789\"")}},
          "thumbnail": "",
          "blocked": false{{(changed is null ? "" : ",\n  \"changed_attributes\": " + changed)}}
        }
        """;

    // ContactInbox#webhook_data (its id is the contact_inbox's integer id) and the widget's event_info.
    private static string WebwidgetTriggered() => $$"""
        {
          "event": "webwidget_triggered",
          "id": 905,
          "contact": {{ContactWebhook}},
          "inbox": {"id": 3, "name": "Website chat"},
          "account": {{Account}},
          "current_conversation": {{Conversation("open")}},
          "source_id": "f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
          "event_info": {
            "initiated_at": {"timestamp": "Mon Nov 23 2026 14:05:31 GMT+0100 (Central European Standard Time)"},
            "referer": "https://shop.example.com/orders/4821",
            "widget_language": "en",
            "browser_language": "de",
            "browser": {{Browser}}
          }
        }
        """;

    // The listener's typing payload: the user's webhook_data, the whole conversation, and whether it was a private note.
    private static string Typing(string name) => $$"""
        {
          "event": "{{name}}",
          "user": {{AgentWebhook}},
          "conversation": {{Conversation("open", "2026-11-23T13:06:40.000Z")}},
          "is_private": false
        }
        """;

    private static string WorkingDay(int id, int day, bool closed) =>
        $$"""{"id": {{id}}, "inbox_id": 3, "account_id": 1, "day_of_week": {{day}}, "closed_all_day": {{(closed ? "true" : "false")}}, "open_hour": {{(closed ? "null" : "9")}}, "open_minutes": {{(closed ? "null" : "0")}}, "close_hour": {{(closed ? "null" : "17")}}, "close_minutes": {{(closed ? "null" : "0")}}, "created_at": "2026-10-02T08:14:09.331Z", "updated_at": "2026-10-02T08:14:09.331Z", "open_all_day": false}""";

    // Inbox::EventDataPresenter#push_data: the inbox's settings and its channel record (no id or name of the inbox itself).
    private static string Inbox(string name, string? changed) => $$"""
        {
          "event": "{{name}}",
          "allow_messages_after_resolved": true,
          "lock_to_single_conversation": false,
          "add_label_to_resolve_conversation": false,
          "auto_assignment_config": {},
          "enable_auto_assignment": true,
          "enable_email_collect": true,
          "greeting_enabled": true,
          "greeting_message": "{{(changed is null ? "Hi! How can we help you today?" : "Hi! We usually answer within minutes.")}}",
          "csat_survey_enabled": false,
          "business_name": "Acme Support",
          "sender_name_type": "friendly",
          "timezone": "Europe/Berlin",
          "out_of_office_message": "We are away right now and will answer tomorrow morning.",
          "working_hours_enabled": true,
          "working_hours": [
            {{string.Join(",\n    ", Enumerable.Range(0, 7).Select(day => WorkingDay(41 + day, day, closed: day is 0 or 6)))}}
          ],
          "created_at": "2026-10-02T08:14:09.331Z",
          "updated_at": "{{(changed is null ? "2026-10-02T08:14:09.331Z" : "2026-11-23T13:10:02.675Z")}}",
          "channel": {
            "id": 2, "website_url": "https://shop.example.com", "account_id": 1,
            "created_at": "2026-10-02T08:14:09.310Z", "updated_at": "2026-10-02T08:14:09.310Z",
            "website_token": "wT4k9Qx2mLp7Rz3vNc8bYs1d", "widget_color": "#1f93ff", "welcome_title": "Hi there!",
            "welcome_tagline": "We make it simple to connect with us.", "feature_flags": 7, "reply_time": "in_a_few_minutes",
            "hmac_token": "hM4cT0kEn2vR8zQ1xL6pW9sN", "pre_chat_form_enabled": false,
            "pre_chat_form_options": {"pre_chat_message": "Share your queries or comments here.", "pre_chat_fields": []},
            "hmac_mandatory": false, "continuity_via_email": true
          }{{(changed is null ? "" : ",\n  \"changed_attributes\": " + changed)}}
        }
        """;
}
