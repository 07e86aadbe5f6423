using System.Net;
using System.Net.Sockets;

namespace Dashboard.Dispatch;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the webhook client: resolves the name itself and connects only
/// to addresses the guard allows, so a name that changes between a check and the connect cannot slip through.
/// </summary>
public sealed class GuardedConnector(AddressGuard guard)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct);
        var allowed = addresses.Where(guard.IsAllowed).ToArray();
        if (allowed.Length == 0) throw new BlockedAddressException(host, addresses[0]);

        // Dual-mode where the OS has IPv6, so one socket can try every allowed address in turn.
        var socket = Socket.OSSupportsIPv6
            ? new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (!Socket.OSSupportsIPv6) allowed = allowed.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToArray();
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        // Bracketed IPv6 literals arrive without brackets here; a literal needs no lookup.
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) return [literal];
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, ct);
            return addresses.Length > 0 ? addresses : throw new HostNotFoundException(host, new SocketException((int)SocketError.HostNotFound));
        }
        catch (SocketException e)
        {
            throw new HostNotFoundException(host, e);
        }
    }
}
