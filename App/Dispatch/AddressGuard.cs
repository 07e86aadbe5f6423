using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Dashboard.Dispatch;

/// <summary>
/// Decides whether a webhook request may connect to an address: no loopback, private, link-local (cloud metadata),
/// CGNAT, multicast or reserved targets unless configured. Checked on the address actually connected to.
/// </summary>
public sealed class AddressGuard(IOptions<AddressGuardOptions> options)
{
    private static readonly IPNetwork[] BlockedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"),       // private
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, incl. 169.254.169.254 cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),    // private
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // documentation
        IPNetwork.Parse("192.88.99.0/24"),   // 6to4 relay
        IPNetwork.Parse("192.168.0.0/16"),   // private
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // documentation
        IPNetwork.Parse("203.0.113.0/24"),   // documentation
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, incl. 255.255.255.255 broadcast
    ];

    private static readonly IPNetwork[] BlockedV6 =
    [
        IPNetwork.Parse("::/128"),           // unspecified
        IPNetwork.Parse("::1/128"),          // loopback
        IPNetwork.Parse("::/96"),            // IPv4-compatible (deprecated)
        IPNetwork.Parse("64:ff9b::/96"),     // NAT64: would reach any IPv4 address, internal ones included
        IPNetwork.Parse("64:ff9b:1::/48"),   // local-use NAT64
        IPNetwork.Parse("100::/64"),         // discard
        IPNetwork.Parse("2001:db8::/32"),    // documentation
        IPNetwork.Parse("2002::/16"),        // 6to4: embeds an IPv4 address
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    private readonly AddressGuardOptions _options = options.Value;
    private readonly IPNetwork[] _allowed = options.Value.AllowedNetworks.Select(n => IPNetwork.Parse(n)).ToArray();

    public bool IsAllowed(IPAddress address)
    {
        if (_options.AllowPrivateNetworks) return true;
        // ::ffff:10.0.0.1 reaches 10.0.0.1: judge the IPv4 address inside.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (_allowed.Any(n => n.Contains(address))) return true;
        return !IsInternal(address);
    }

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var blocked = address.AddressFamily == AddressFamily.InterNetwork ? BlockedV4 : BlockedV6;
        return blocked.Any(n => n.Contains(address));
    }
}

/// <summary>The guard refused every address the host name stood for; nothing was sent.</summary>
public sealed class BlockedAddressException(string host, IPAddress address)
    : Exception($"Refused to connect to {address} ({host}): loopback, private, link-local and reserved addresses are blocked.")
{
    public IPAddress Address { get; } = address;
}

/// <summary>The host name did not resolve.</summary>
public sealed class HostNotFoundException(string host, Exception inner) : Exception($"The host name {host} could not be resolved.", inner);
