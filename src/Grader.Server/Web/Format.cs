using System.Net;

namespace Grader.Server.Web;

/// <summary>How the pages write times, points and statuses, the same everywhere.</summary>
public static class Format
{
    /// <summary>A UTC time in a &lt;time&gt; element; site.js shows it in the reader's zone. HTML, already encoded.</summary>
    public static string Time(DateTimeOffset? at) => at is { } t
        ? $"<time datetime=\"{t.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\">{t.UtcDateTime:yyyy-MM-dd HH:mm} UTC</time>"
        : "<span class=\"muted\">–</span>";

    public static string Number(double value) => Grader.Core.Marking.PointsFormat.Format(value);

    /// <summary>"1 point", "2.5 points".</summary>
    public static string PointsOf(double points) => Number(points) + (Number(points) == "1" ? " point" : " points");

    public static string Points(double? points, double? max) =>
        points is { } p ? max is { } m ? $"{Number(p)} / {Number(m)}" : Number(p) : "–";

    public static string Status(string status) => status switch
    {
        "pending_model" => "model pending",
        "pending_manual" => "awaiting TA",
        "awaiting_manual" => "awaiting TA",
        "awaiting_release" => "graded, not released",
        "follow_through" => "follow-through",
        _ => status.Replace('_', ' '),
    };

    /// <summary>A status as its student reads it: whatever is not final yet is "submitted, being graded".</summary>
    public static string StudentStatus(string status) =>
        status is "awaiting_manual" or "awaiting_release" or "being_graded" ? "submitted, being graded" : Status(status);

    /// <summary>A span of time the way people say it: 850 ms, 12 s, 4 min 5 s, 2 h 10 min.</summary>
    public static string Duration(TimeSpan span) => span.Duration() switch
    {
        var d when d < TimeSpan.FromSeconds(1) => $"{d.TotalMilliseconds:0} ms",
        var d when d < TimeSpan.FromMinutes(1) => $"{d.TotalSeconds:0.#} s",
        var d when d < TimeSpan.FromHours(1) => $"{(int)d.TotalMinutes} min {d.Seconds} s",
        var d when d < TimeSpan.FromDays(1) => $"{(int)d.TotalHours} h {d.Minutes} min",
        var d => $"{(int)d.TotalDays} d {d.Hours} h",
    };

    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}
