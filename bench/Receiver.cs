using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Dashboard.Bench;

/// <summary>
/// A minimal Kestrel receiver on 127.0.0.1 (random port): <c>/ok</c> reads the body and answers 200,
/// <c>/hang</c> never answers (until the sender gives up). Counts what it got.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _received;
    private long _hanging;

    private Receiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }
    public Uri Ok => new(Address, "/ok");
    public Uri Hang => new(Address, "/hang");
    public long Received => Interlocked.Read(ref _received);
    public long Hanging => Interlocked.Read(ref _hanging);

    public static async Task<Receiver> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.AddServerHeader = false;
        });
        var app = builder.Build();
        Receiver? receiver = null;
        app.Run(context => receiver!.HandleAsync(context));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new Receiver(app, new Uri(address));
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0) { }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        if (context.Request.Path.StartsWithSegments("/hang"))
        {
            Interlocked.Increment(ref _hanging);
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
            catch (OperationCanceledException) { }
            return;
        }
        Interlocked.Increment(ref _received);
        context.Response.StatusCode = 200;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
