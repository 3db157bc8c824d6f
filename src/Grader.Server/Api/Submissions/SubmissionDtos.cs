using System.Text.Json;

namespace Grader.Server.Api.Submissions;

/// <summary>The 202 answer to an upload.</summary>
public sealed record SubmissionAccepted(Guid Id, string Status, string StatusUrl, string MarksUrl, bool Late);

/// <summary>
/// GET /api/v1/submissions/{id}. Status: queued, pending_model, awaiting_manual (graded but items wait
/// for a TA), awaiting_release (to a student: graded, marks held back until released), graded, failed.
/// </summary>
public sealed record SubmissionStatusDto(
    Guid Id,
    string AssignmentId,
    int RubricVersion,
    string Status,
    DateTimeOffset SubmittedAt,
    bool Late,
    DateTimeOffset? GradedAt,
    string? Error,
    string MarksUrl)
{
    /// <summary>While status is pending_model: what each model item waits for (no GPU worker running, queued, being evaluated).</summary>
    public IReadOnlyList<ModelWaitDto> Waiting { get; init; } = [];
}

/// <summary>
/// Why a model item has no mark yet. State: <c>no_worker</c>, <c>queued</c>, <c>running</c> or <c>retry</c>;
/// overdue once it has waited longer than the service's warning time.
/// </summary>
public sealed record ModelWaitDto(string ItemId, string State, string Message, bool Overdue);

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

/// <summary>One item's mark; a student's item held back until release has no points and the status <c>being_graded</c>.</summary>
public sealed record MarkDto(
    string ItemId,
    double? Points,
    double MaxPoints,
    bool Bonus,
    string Status,
    string Source,
    string Feedback,
    JsonElement? Details)
{
    /// <summary>The criteria a TA ticked for the answer, with their points (text items graded by criteria).</summary>
    public IReadOnlyList<Grader.Data.Release.AppliedCriterion> Criteria { get; init; } = [];
}
