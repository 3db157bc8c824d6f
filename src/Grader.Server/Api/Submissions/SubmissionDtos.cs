using System.Text.Json;

namespace Grader.Server.Api.Submissions;

/// <summary>The 202 answer to an upload.</summary>
public sealed record SubmissionAccepted(Guid Id, string Status, string StatusUrl, string MarksUrl, bool Late);

/// <summary>GET /api/v1/submissions/{id}.</summary>
public sealed record SubmissionStatusDto(
    Guid Id,
    string AssignmentId,
    int RubricVersion,
    string Status,
    DateTimeOffset SubmittedAt,
    bool Late,
    DateTimeOffset? GradedAt,
    string? Error,
    string MarksUrl);

/// <summary>GET /api/v1/submissions/{id}/marks.</summary>
public sealed record SubmissionMarksDto(
    Guid SubmissionId,
    string AssignmentId,
    int RubricVersion,
    string RubricHash,
    string Status,
    double Total,
    double MaxTotal,
    int Pending,
    IReadOnlyList<MarkDto> Items);

public sealed record MarkDto(
    string ItemId,
    double Points,
    double MaxPoints,
    bool Bonus,
    string Status,
    string Source,
    string Feedback,
    JsonElement? Details);
