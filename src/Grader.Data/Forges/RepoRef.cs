using System.Text.RegularExpressions;

namespace Grader.Data.Forges;

/// <summary>
/// A repository on a forge: owner/name, checked against GitHub's own rules: the owner is an
/// account login (1-39 letters, digits and single hyphens, not at either end), the name 1-100
/// letters, digits, '.', '_' and '-', and neither "." nor "..". Anything else ("alice/..",
/// "alice/x?y#z", a 5,000-character name) is refused before it is stored or put into a URL.
/// </summary>
public sealed partial record RepoRef(string Owner, string Name)
{
    public const int MaxOwnerLength = 39;
    public const int MaxNameLength = 100;

    public string FullName => $"{Owner}/{Name}";

    public static RepoRef Parse(string fullName) =>
        TryParse(fullName, out var repo, out var problem) ? repo! : throw new FormatException(problem);

    public static bool TryParse(string fullName, out RepoRef? repo, out string? problem)
    {
        repo = null;
        var shown = fullName.Length > 60 ? fullName[..60] + "…" : fullName;
        int slash = fullName.IndexOf('/');
        if (slash <= 0 || fullName.IndexOf('/', slash + 1) >= 0)
        {
            problem = $"'{shown}' is not owner/name";
            return false;
        }
        string owner = fullName[..slash], name = fullName[(slash + 1)..];
        if (!OwnerPattern().IsMatch(owner))
        {
            problem = $"'{shown}': the owner must be a GitHub login: 1 to {MaxOwnerLength} letters, digits or single hyphens, not starting or ending with one";
            return false;
        }
        if (!NamePattern().IsMatch(name) || name is "." or "..")
        {
            problem = $"'{shown}': the repository name must be 1 to {MaxNameLength} letters, digits, '.', '_' or '-' (and not '.' or '..')";
            return false;
        }
        problem = null;
        repo = new RepoRef(owner, name);
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex NamePattern();
}
