namespace Grader.Data.Forges;

/// <summary>A repository on a forge: owner/name.</summary>
public sealed record RepoRef(string Owner, string Name)
{
    public string FullName => $"{Owner}/{Name}";

    public static RepoRef Parse(string fullName)
    {
        int slash = fullName.IndexOf('/');
        return slash > 0 && slash < fullName.Length - 1 && fullName.IndexOf('/', slash + 1) < 0
            ? new RepoRef(fullName[..slash], fullName[(slash + 1)..])
            : throw new FormatException($"'{fullName}' is not owner/name");
    }
}
