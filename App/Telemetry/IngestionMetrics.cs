namespace Dashboard.Telemetry;

/// <summary>Marks the endpoint whose answers <c>dashboard.ingestion.answers</c> counts (events in over HTTP).</summary>
public sealed class IngestionEndpoint
{
    public static readonly IngestionEndpoint Marker = new();

    private IngestionEndpoint() { }
}

public static class IngestionMetrics
{
    /// <summary>
    /// Counts each answer of a marked endpoint by its final status, read as the answer starts: refusals by the token
    /// filter, the body reader's 400/413/415 and the 503 of a locked database all pass here, whoever wrote them.
    /// </summary>
    public static IApplicationBuilder UseIngestionMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<DashboardMetrics>();
        return app.Use((http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<IngestionEndpoint>() is not null)
                http.Response.OnStarting(() =>
                {
                    metrics.IngestionAnswered(http.Response.StatusCode);
                    return Task.CompletedTask;
                });
            return next(http);
        });
    }
}
