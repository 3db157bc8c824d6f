using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Grader.Server.Web;

/// <summary>
/// The dashboard's stylesheets, scripts and icon, embedded in the assembly (Web/Assets) and served from
/// /assets/. Their URLs carry a content hash (<see cref="Url"/>), so browsers may cache them for good.
/// </summary>
public static class DashboardAssets
{
    private sealed record Asset(byte[] Content, string ContentType, string Version);

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    /// <summary>The versioned URL of an asset, e.g. <c>/assets/site.css?v=3fa2c1d0</c>.</summary>
    public static string Url(string name) => $"/assets/{name}?v={Assets[name].Version}";

    public static void MapDashboardAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Assets.TryGetValue(name, out var asset)) return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Serve(asset, http);
        }).AllowAnonymous();
        // Browsers ask for /favicon.ico whatever the page links: answer it rather than log a 404 per page.
        app.MapGet("/favicon.ico", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Serve(Assets["favicon.svg"], http);
        }).AllowAnonymous();
    }

    private static IResult Serve(Asset asset, HttpContext http)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: new EntityTagHeaderValue($"\"{asset.Version}\""));
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var name = resource["assets/".Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = new Asset(bytes, type, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
        }
        return assets.ToFrozenDictionary();
    }
}
