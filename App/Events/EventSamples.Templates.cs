namespace Dashboard.Events;

/// <summary>The sample texts. <c>account</c> objects are placeholders that <see cref="EventSamples.For"/> fills in.</summary>
public static partial class EventSamples
{
    private const string Account = """{"id": 1, "name": "Acme Support"}""";

    private const string Browser = """
        {"device_name": "Macbook", "browser_name": "Chrome", "platform_name": "Macintosh",
         "browser_version": "142.0.7444.59", "platform_version": "15.1"}
        """;

    private const string ContactSender = """
        {"id": 318, "name": "Maria Lopez", "email": "maria.lopez@example.org", "phone_number": "+4915123456789",
         "identifier": null, "thumbnail": "", "type": "contact"}
        """;

    // The help page's sample, which receivers copy: contact {id,name} and conversation {display_id, additional_attributes}.
    private static string Message(string name, string content) => $$"""
        {
          "event": "{{name}}",
          "id": 48213,
          "content": "{{content}}",
          "content_type": "text",
          "content_attributes": {},
          "message_type": "incoming",
          "created_at": "2026-11-23 13:05:57 UTC",
          "private": false,
          "source_id": null,
          "sender": {{ContactSender}},
          "contact": {"id": 318, "name": "Maria Lopez"},
          "inbox": {"id": 3, "name": "Website chat"},
          "conversation": {
            "display_id": 1207,
            "additional_attributes": {
              "browser": {{Browser}},
              "referer": "https://shop.example.com/orders/4821",
              "initiated_at": "Mon Nov 23 2026 14:05:31 GMT+0100 (Central European Standard Time)"
            }
          },
          "account": {{Account}},
          "additional_attributes": {}
        }
        """;

    private static string ConversationObject(string status) => $$"""
          "id": 1207,
          "account": {{Account}},
          "inbox_id": 3,
          "status": "{{status}}",
          "channel": "Channel::WebWidget",
          "messages": [
            {"id": 48213, "content": "Hi, my order #4821 has not arrived yet. Can you help?", "message_type": 0,
             "content_type": "text", "created_at": 1795957557, "private": false, "conversation_id": 1207, "account_id": 1}
          ],
          "labels": ["shipping"],
          "meta": {
            "sender": {{ContactSender}},
            "assignee": {"id": 12, "name": "Jonas Weber", "available_name": "Jonas", "type": "user"},
            "team": {"id": 2, "name": "Support"}
          },
          "additional_attributes": {"browser": {{Browser}}, "referer": "https://shop.example.com/orders/4821", "initiated_at": {"timestamp": "Mon Nov 23 2026 14:05:31 GMT+0100"} },
          "custom_attributes": {"order_id": "4821"},
          "created_at": 1795957531,
          "updated_at": 1795957560.12,
          "timestamp": 1795957557,
          "unread_count": 1,
          "priority": null
        """;

    private static string Conversation(string name, string status, string? changed) => changed is null
        ? $$"""{"event": "{{name}}", {{ConversationObject(status)}} }"""
        : $$"""{"event": "{{name}}", {{ConversationObject(status)}}, "changed_attributes": {{changed}} }""";

    private static string Contact(string name, string? changed) => $$"""
        {
          "event": "{{name}}",
          "id": 318,
          "name": "Maria Lopez",
          "email": "maria.lopez@example.org",
          "phone_number": {{(changed is null ? "null" : "\"+4915123456789\"")}},
          "identifier": null,
          "avatar": "",
          "thumbnail": "",
          "additional_attributes": {"city": "Berlin", "country": "Germany", "company_name": "Lopez Design"},
          "custom_attributes": {"plan": "premium"},
          "account": {{Account}}{{(changed is null ? "" : ",\n  \"changed_attributes\": " + changed)}}
        }
        """;

    private const string WebwidgetTriggered = $$"""
        {
          "event": "webwidget_triggered",
          "id": "f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
          "contact": {"id": 318, "name": "Maria Lopez", "email": "maria.lopez@example.org"},
          "inbox": {"id": 3, "name": "Website chat"},
          "account": {{Account}},
          "current_conversation": {"id": 1207, "status": "open"},
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

    private static string Typing(string name) => $$"""
        {
          "event": "{{name}}",
          "user": {"id": 12, "name": "Jonas Weber", "available_name": "Jonas", "avatar_url": "", "type": "user"},
          "conversation": {"id": 1207, "inbox_id": 3, "status": "open", "account_id": 1},
          "is_private": false
        }
        """;

    private static string Inbox(string name) => $$"""
        {
          "event": "{{name}}",
          "id": 3,
          "name": "Website chat",
          "channel_type": "Channel::WebWidget",
          "website_url": "https://shop.example.com",
          "greeting_enabled": true,
          "greeting_message": "Hi! How can we help you today?",
          "enable_auto_assignment": true,
          "account": {{Account}}
        }
        """;
}
