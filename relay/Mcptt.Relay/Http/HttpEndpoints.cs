using Mcptt.Relay.Core.Stats;
using Mcptt.Relay.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mcptt.Relay.Http;

/// <summary>The HTTP surface: GET /metrics (Prometheus text 0.0.4) and GET /healthz. Nothing else.</summary>
public static class HttpEndpoints
{
    public const string MetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (RequestDelegate)WriteMetrics);
        endpoints.MapGet("/healthz", (RequestDelegate)WriteHealth);
    }

    /// <summary>Renders straight into Kestrel's response pipe: no string, no intermediate copy.</summary>
    private static async Task WriteMetrics(HttpContext context)
    {
        var registry = context.RequestServices.GetRequiredService<MetricsRegistry>();
        context.Response.ContentType = MetricsContentType;
        context.Response.Headers.CacheControl = "no-store";
        registry.RenderUtf8(context.Response.BodyWriter);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>200 "ok" once the host has started every component and each reports ready;
    /// 503 with the reason otherwise (starting, stopping, or the components that are not ready).</summary>
    private static Task WriteHealth(HttpContext context)
    {
        var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        var health = context.RequestServices.GetRequiredService<ComponentHealth>();
        string body;
        int status = StatusCodes.Status503ServiceUnavailable;
        if (lifetime.ApplicationStopping.IsCancellationRequested) body = "stopping\n";
        else if (!lifetime.ApplicationStarted.IsCancellationRequested) body = "starting\n";
        else
        {
            var notReady = health.NotReady();
            if (notReady.Count == 0) { status = StatusCodes.Status200OK; body = "ok\n"; }
            else body = "not ready: " + string.Join(", ", notReady) + "\n";
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
