using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A slow connection between a page and its circuit: every message from the server reaches the page
/// <c>latency</c> later, in order (Playwright's WebSocket routing; the machine has no <c>tc netem</c>). What a person on a
/// train sees: renders that arrive while they type on.
/// </summary>
public static partial class SlowCircuit
{
    public static Task DelayServerMessagesAsync(IPage page, TimeSpan latency) =>
        page.RouteWebSocketAsync(BlazorHub(), socket =>
        {
            var server = socket.ConnectToServer();
            var queue = Channel.CreateUnbounded<(DateTime Due, IWebSocketFrame Frame)>();
            socket.OnMessage(frame => Forward(server, frame));
            server.OnMessage(frame => queue.Writer.TryWrite((DateTime.UtcNow + latency, frame)));
            _ = Task.Run(async () =>
            {
                await foreach (var (due, frame) in queue.Reader.ReadAllAsync())
                {
                    if (due > DateTime.UtcNow) await Task.Delay(due - DateTime.UtcNow);
                    Forward(socket, frame);
                }
            });
        });

    // Text stays text (SignalR's handshake), binary stays binary (Blazor's messages).
    private static void Forward(IWebSocketRoute to, IWebSocketFrame frame)
    {
        if (frame.Binary is { } bytes) to.Send(bytes);
        else to.Send(frame.Text ?? "");
    }

    [GeneratedRegex("/_blazor")]
    private static partial Regex BlazorHub();
}
