namespace Grader.Server.Tests.Browser;

/// <summary>
/// A test in a real headless Chromium: the Debian package (scripts/prerequisites.sh installs it;
/// GRADER_CHROMIUM names another binary). Skipped, saying why, only where no Chromium exists.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public static string? Executable =>
        new[] { Environment.GetEnvironmentVariable("GRADER_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(path => !string.IsNullOrEmpty(path) && File.Exists(path));

    public BrowserFactAttribute()
    {
        if (Executable is null) Skip = "no Chromium: install the Debian package chromium (scripts/prerequisites.sh does) or set GRADER_CHROMIUM";
        Timeout = 120_000;
    }
}
