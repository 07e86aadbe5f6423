using Dashboard.Events;

namespace Dashboard.Tests.Events;

/// <summary>The chat platform's ids read from payloads at ingestion, on the samples that follow its help pages.</summary>
public sealed class ChatIdsTests
{
    private static IReadOnlyList<ChatId> In(string eventName) => ChatIds.In(eventName, EventSamples.For(eventName, 1, "Acme Support").ToJsonString());

    [Fact]
    public void A_message_names_itself_its_conversation_and_its_contact()
    {
        Assert.Equal([new(ChatIdKind.Message, 48213), new(ChatIdKind.Contact, 318), new(ChatIdKind.Conversation, 1207)],
            In("message_created").OrderBy(i => i.Kind == ChatIdKind.Message ? 0 : i.Kind == ChatIdKind.Contact ? 1 : 2));
    }

    [Theory]
    [InlineData("conversation_created")]
    [InlineData("conversation_status_changed")]
    [InlineData("conversation_updated")]
    public void A_conversation_names_itself_by_its_id_and_its_contact_by_meta_sender(string eventName)
    {
        var ids = In(eventName);
        Assert.Contains(new ChatId(ChatIdKind.Conversation, 1207), ids);
        Assert.Contains(new ChatId(ChatIdKind.Contact, 318), ids);
        // Ids inside arrays (its messages) and of other objects (the assignee, the account) are not taken.
        Assert.DoesNotContain(ids, i => i.Value is 48213 or 12 or 1);
    }

    [Fact]
    public void Contacts_typing_widget_and_inbox_events_give_what_they_carry()
    {
        Assert.Equal([new(ChatIdKind.Contact, 318)], In("contact_updated"));
        Assert.Equal([new(ChatIdKind.Conversation, 1207)], In("conversation_typing_on"));
        Assert.Equal([new(ChatIdKind.Contact, 318), new(ChatIdKind.Conversation, 1207)], In("webwidget_triggered"));
        Assert.Empty(In("inbox_created"));
    }

    [Fact]
    public void Numbers_written_as_text_count_other_values_and_broken_json_do_not()
    {
        Assert.Equal([new(ChatIdKind.Message, 7), new(ChatIdKind.Conversation, 9)],
            ChatIds.In("message_created", """{"event":"message_created","id":"7","conversation":{"display_id":9,"id":"x"},"contact":{"id":-3}}"""));
        Assert.Equal([new(ChatIdKind.Message, 5)], ChatIds.In("message_created", """{"event":"message_created","id":5,"conversation":{"""));
        Assert.Empty(ChatIds.In("message_created", "[1,2]"));
    }

    [Theory]
    [InlineData("42", null, 42L)]
    [InlineData(" #42 ", null, 42L)]
    [InlineData("conversation 42", ChatIdKind.Conversation, 42L)]
    [InlineData("Conversation #1207", ChatIdKind.Conversation, 1207L)]
    [InlineData("message:48213", ChatIdKind.Message, 48213L)]
    [InlineData("contact 318", ChatIdKind.Contact, 318L)]
    public void The_search_box_takes_a_number_with_or_without_what_it_names(string text, ChatIdKind? kind, long value) =>
        Assert.Equal(new ChatIdSearch(kind, value), ChatIds.ParseSearch(text));

    [Theory]
    [InlineData("order 42")]
    [InlineData("conversation")]
    [InlineData("42a")]
    [InlineData("-42")]
    [InlineData("1234567890123456789012")]
    public void Other_text_is_no_chat_id(string text) => Assert.Null(ChatIds.ParseSearch(text));
}
