namespace Grader.Server.Tests.Browser;

/// <summary><see cref="BrowserFactAttribute"/> for a theory: skipped the same way where no Chromium exists.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (BrowserFactAttribute.Executable is null) Skip = new BrowserFactAttribute().Skip;
        Timeout = 120_000;
    }
}
