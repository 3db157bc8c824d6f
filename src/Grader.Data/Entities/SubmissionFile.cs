namespace Grader.Data.Entities;

public sealed class SubmissionFile
{
    public long Id { get; set; }
    public Guid SubmissionId { get; set; }
    /// <summary><see cref="FileRoles.Answers"/> or <see cref="FileRoles.Model"/>.</summary>
    public required string Role { get; set; }
    /// <summary>The model item this file answers; empty for the answers file.</summary>
    public string ItemId { get; set; } = "";
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Sha256 { get; set; }
    public long Size { get; set; }
}

public static class FileRoles
{
    public const string Answers = "answers";
    public const string Model = "model";
}
