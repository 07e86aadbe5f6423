using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Dashboard.ApiDocs;

/// <summary>
/// A paragraph of the API's description, whose Markdown is only <c>`code`</c> and <c>**bold**</c>: drawn as such, as text
/// (never MarkupString). Built in code, not Razor, so no whitespace lands between a word and the code beside it.
/// </summary>
public sealed class DocText : ComponentBase
{
    [Parameter, EditorRequired] public string Text { get; set; } = "";

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        // Between backticks is code; outside them, between double asterisks is bold.
        var parts = Text.Split('`');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                builder.OpenElement(0, "code");
                builder.AddAttribute(1, "class", "api-code");
                builder.AddContent(2, parts[i]);
                builder.CloseElement();
                continue;
            }
            var plain = parts[i].Split("**");
            for (var j = 0; j < plain.Length; j++)
            {
                if (j % 2 == 0)
                {
                    builder.AddContent(3, plain[j]);
                    continue;
                }
                builder.OpenElement(4, "strong");
                builder.AddContent(5, plain[j]);
                builder.CloseElement();
            }
        }
    }
}
