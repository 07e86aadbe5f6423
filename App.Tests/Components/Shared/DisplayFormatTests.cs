using Dashboard.Components.Shared;

namespace Dashboard.Tests.Components.Shared;

public sealed class DisplayFormatTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1, "1 minute")]
    [InlineData(4, "4 minutes")]
    [InlineData(0, "0 minutes")]
    [InlineData(1500, "1,500 minutes")]
    public void Counts_name_their_noun_in_the_singular_only_for_one(long n, string expected) =>
        Assert.Equal(expected, DisplayFormat.Count(n, "minute"));

    [Fact]
    public void Irregular_plurals_are_given() => Assert.Equal("3 tries", DisplayFormat.Count(3, "try", "tries"));

    [Theory]
    [InlineData(-10, "just now")]
    [InlineData(10, "in a few seconds")]
    [InlineData(-3 * 60, "3 min ago")]
    [InlineData(25 * 60, "in 25 min")]
    [InlineData(-2 * 3600, "2 h ago")]
    [InlineData(-1 * 86400, "1 day ago")]
    [InlineData(-3 * 86400, "3 days ago")]
    public void Relative_times_are_short_and_say_which_way(int seconds, string expected) =>
        Assert.Equal(expected, DisplayFormat.Relative(Now.AddSeconds(seconds), Now));

    [Theory]
    [InlineData(4 * 60, "4 minutes")]
    [InlineData(3600, "1 hour")]
    [InlineData(2 * 86400 + 100, "2 days")]
    [InlineData(30, "30 seconds")]
    public void Spans_are_spelled_in_their_largest_whole_unit(int seconds, string expected) =>
        Assert.Equal(expected, DisplayFormat.Span(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Pretty_json_keeps_every_string_as_sent_and_changes_only_the_space_between_tokens()
    {
        const string sent = "{\"content\":\"Thanks 👍 café\",\"escaped\":\"caf\\u00e9 \\\"q\\\"\",\"n\":1.50,\"list\":[],\"empty\":{},\"ok\":true,\"nothing\":null,\"nested\":[{\"a\":1},2]}";

        var pretty = DisplayFormat.PrettyJson(sent)!;

        Assert.Equal("""
            {
              "content": "Thanks 👍 café",
              "escaped": "caf\u00e9 \"q\"",
              "n": 1.50,
              "list": [],
              "empty": {},
              "ok": true,
              "nothing": null,
              "nested": [
                {
                  "a": 1
                },
                2
              ]
            }
            """.ReplaceLineEndings("\n"), pretty);
        // The same document, token for token.
        Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(sent)!.ToJsonString(), System.Text.Json.Nodes.JsonNode.Parse(pretty)!.ToJsonString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"broken\": ")]
    [InlineData("{} trailing")]
    [InlineData("42")]
    public void Pretty_json_is_null_for_anything_but_a_whole_object_or_array(string text) => Assert.Null(DisplayFormat.PrettyJson(text));
}
