using System.Globalization;

namespace Grader.Server.Tests.Observability;

/// <summary>A Prometheus text exposition, read the way Prometheus reads it: one sample per line, "name{labels} value".</summary>
public sealed record Scrape(string Text)
{
    /// <summary>The sample's value; 0 when the series is absent (a counter never incremented has no series).</summary>
    public double Value(string series)
    {
        foreach (var line in Text.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
        return 0;
    }

    public bool Has(string series) => Text.Split('\n').Any(l => l.StartsWith(series + " ", StringComparison.Ordinal));

    public static async Task<Scrape> ReadAsync(HttpClient client, string path = "/metrics")
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        return new Scrape(await response.Content.ReadAsStringAsync());
    }
}
