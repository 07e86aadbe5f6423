using System.Net;

namespace Dashboard.Telemetry;

/// <summary>
/// <c>Telemetry:*</c> and the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, read once at start (they decide what is wired):
/// a wrong value stops the app with a message naming its key.
/// </summary>
/// <param name="Otlp">OTLP export of metrics, traces and logs: on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</param>
/// <param name="Prometheus">The scrape endpoint <c>/metrics</c> (<c>Telemetry:Prometheus</c>, default: on in Development).</param>
/// <param name="Tracing">Spans recorded at all (<c>Telemetry:Tracing</c>, default: with OTLP); off, they cost nothing.</param>
/// <param name="MetricsNetworks">Who may scrape <c>/metrics</c> (<c>Telemetry:MetricsNetworks</c>, CIDR); empty: anyone.</param>
public sealed record TelemetryOptions(bool Otlp, bool Prometheus, bool Tracing, IReadOnlyList<IPNetwork> MetricsNetworks)
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static TelemetryOptions Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var endpoint = configuration[OtlpEndpointKey];
        var otlp = !string.IsNullOrWhiteSpace(endpoint);
        if (otlp && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new InvalidOperationException($"{OtlpEndpointKey} must be an absolute URL like http://collector:4317; it is '{endpoint}'.");
        var networks = new List<IPNetwork>();
        foreach (var text in configuration.GetSection("Telemetry:MetricsNetworks").Get<string[]>() ?? [])
            networks.Add(IPNetwork.TryParse(text, out var network)
                ? network
                : throw new InvalidOperationException($"Telemetry:MetricsNetworks: \"{text}\" is not a CIDR network like 10.0.0.0/8."));
        return new(otlp, Flag(configuration, "Telemetry:Prometheus", environment.IsDevelopment()), Flag(configuration, "Telemetry:Tracing", otlp), networks);
    }

    /// <summary>Whether <paramref name="address"/> may read <c>/metrics</c>.</summary>
    public bool MayScrape(IPAddress? address)
    {
        if (MetricsNetworks.Count == 0) return true;
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return MetricsNetworks.Any(n => n.Contains(address));
    }

    private static bool Flag(IConfiguration configuration, string key, bool fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return bool.TryParse(text, out var value) ? value : throw new InvalidOperationException($"{key} must be true or false; it is '{text}'.");
    }
}
