namespace Grader.Core.Answers;

/// <summary>Who wrote an answer file, as the file itself claims. Every field is optional.</summary>
/// <param name="Id">Student or account id, e.g. "s1234567".</param>
/// <param name="Name">Display name.</param>
/// <param name="Index">Index (matriculation) number; rubrics use it to pick per-student variants.</param>
public sealed record StudentIdentity(string? Id, string? Name, string? Index);
