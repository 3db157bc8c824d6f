using Microsoft.AspNetCore.HttpOverrides;

namespace Grader.Server.Hosting;

/// <summary>
/// Behind the reverse proxy (deploy/Caddyfile) every request comes from the proxy's address. The
/// X-Forwarded-For and X-Forwarded-Proto it adds are believed only from the proxies configured
/// (<see cref="ServerSettings.TrustedProxies"/>, none by default): a client that sends those
/// headers itself cannot pass for another address (rate limits without a token, the metrics
/// allow-list) or claim HTTPS.
/// </summary>
public static class TrustedProxies
{
    public static WebApplication UseTrustedProxies(this WebApplication app, ServerSettings settings)
    {
        if (settings.TrustedProxies.Networks.Count == 0) return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // One proxy in front: only its own entry of X-Forwarded-For is taken.
            ForwardLimit = 1,
        };
        // The defaults trust loopback; only what the operator configured is trusted.
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var network in settings.TrustedProxies.Networks) options.KnownIPNetworks.Add(network);
        app.UseForwardedHeaders(options);
        return app;
    }
}
