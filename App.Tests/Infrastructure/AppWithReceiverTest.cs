namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Base of tests that need the real app and a real receiver on loopback: each test gets fresh ones
/// (own SQLite file, own port), disposed after it.
/// </summary>
public abstract class AppWithReceiverTest : IAsyncLifetime
{
    protected DashboardFactory App { get; } = new();
    protected TestReceiver Receiver { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Receiver = await TestReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
