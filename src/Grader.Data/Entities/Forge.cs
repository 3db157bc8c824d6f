namespace Grader.Data.Entities;

// The forge tables of 0003_forges.sql: CI hooks on student repositories (docs/github.md).

/// <summary>How a course talks to its forge. Secrets are never logged or shown back.</summary>
public sealed class ForgeSetting
{
    public required string CourseId { get; set; }
    public string Provider { get; set; } = ForgeProviders.GitHub;
    public string ApiUrl { get; set; } = "https://api.github.com";
    public required string WebhookSecret { get; set; }
    /// <summary>A personal (or fine-grained) token; null when the course uses a GitHub App.</summary>
    public string? Token { get; set; }
    public long? AppId { get; set; }
    public long? InstallationId { get; set; }
    /// <summary>A path to the App's PEM private key on the service's machines (a reference, not the key).</summary>
    public string? PrivateKeyPath { get; set; }
    public string PublicUrl { get; set; } = "http://127.0.0.1:8080";
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public override string ToString() => $"forge settings of {CourseId} ({Provider})"; // never the secrets
}

public static class ForgeProviders
{
    public const string GitHub = "github";
}

/// <summary>What a push of an assignment's repository is graded from.</summary>
public sealed class ForgeAssignment
{
    public required string AssignmentId { get; set; }
    public string Branch { get; set; } = "main";
    public required string AnswersPath { get; set; }
    /// <summary>JSON object: model item id → path in the repository.</summary>
    public string ModelPaths { get; set; } = "{}";
    /// <summary>Classroom repository name pattern with <c>{github_user}</c>, e.g. <c>hw2-{github_user}</c>.</summary>
    public string? RepoPattern { get; set; }
}

/// <summary>A student's login on the forge (lower case), for classroom patterns.</summary>
public sealed class ForgeAccount
{
    public required string CourseId { get; set; }
    public required string Login { get; set; }
    public long StudentId { get; set; }
}

/// <summary>An explicit link: this repository (owner/name, lower case) is a student's work for an assignment.</summary>
public sealed class ForgeRepository
{
    public required string RepoFullName { get; set; }
    public required string AssignmentId { get; set; }
    public long StudentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A push accepted for grading; unique per delivery and per commit of a student's assignment.</summary>
public sealed class ForgePush
{
    public long Id { get; set; }
    public required string DeliveryId { get; set; }
    public required string CourseId { get; set; }
    public required string RepoFullName { get; set; }
    public required string CommitSha { get; set; }
    public required string AssignmentId { get; set; }
    public long StudentId { get; set; }
    public required string State { get; set; }
    public string? Error { get; set; }
    public Guid? SubmissionId { get; set; }
    public string? ReportedState { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class ForgePushStates
{
    public const string Received = "received";
    /// <summary>Files fetched; the submission and its grading job exist.</summary>
    public const string Submitted = "submitted";
    /// <summary>The student must fix the commit (missing answers file, model too large); reported on the commit.</summary>
    public const string Rejected = "rejected";
    /// <summary>The forge refused for good (repository gone, no access); the fetch job is dead.</summary>
    public const string Failed = "failed";
}
