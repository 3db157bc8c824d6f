using System.CommandLine;
using Grader.Data.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>--log-format text|json</c> and <c>--metrics-from</c> for <c>grader serve</c> and
/// <c>grader worker</c>: one JSON object per log line (for journald and a log shipper), and
/// the networks that may read <c>/metrics</c>.
/// </summary>
public sealed class ObservabilityOptions
{
    public Option<string> LogFormat { get; } = new Option<string>("--log-format") { Description = "Log lines as text or json (one object per line)." }
        .FromEnvironment("GRADER_LOG_FORMAT", () => "text");

    public Option<string> MetricsFrom { get; } = new Option<string>("--metrics-from")
    {
        Description = "Addresses or networks (CIDR, comma-separated) that may read /metrics.",
    }.FromEnvironment("GRADER_METRICS_FROM", () => "127.0.0.0/8,::1");

    public ObservabilityOptions()
    {
        LogFormat.AcceptOnlyFromAmong("text", "json");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(LogFormat);
        command.Options.Add(MetricsFrom);
    }

    /// <summary>The allowed scrapers, or null after printing why the value does not parse.</summary>
    public NetworkList? MetricsClients(ParseResult parse, CliOutput output) => Networks(parse.GetValue(MetricsFrom)!, MetricsFrom.Name, output);

    public static NetworkList? Networks(string text, string option, CliOutput output)
    {
        if (NetworkList.TryParse(text, out var error) is { } networks) return networks;
        output.Error.WriteLine($"grader: {option}: {error}");
        return null;
    }

    public Action<IServiceCollection> ConfigureLogging(ParseResult parse) => services =>
    {
        if (parse.GetValue(LogFormat) != "json") return;
        services.AddLogging(logging => logging.ClearProviders().AddJsonConsole(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        }));
    };
}
