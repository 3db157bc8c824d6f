namespace Grader.Core.Rubrics;

/// <summary>
/// What students see of their marks, and when: the rubric's <c>release:</c>. The default keeps the
/// answer key (expected values, the feedback that explains a mistake) from students until the
/// deadline has passed or staff release the assignment, and shows automatic marks at once but
/// TA-graded ones only once released.
/// </summary>
public sealed record ReleasePolicy(MarksRelease Marks, ExpectedRelease ShowExpected)
{
    public static ReleasePolicy Default { get; } = new(MarksRelease.WhenGraded, ExpectedRelease.AfterDeadline);
}

/// <summary>When a student sees an item's points and status.</summary>
public enum MarksRelease
{
    /// <summary>Automatic marks as soon as they are graded; TA-graded items once staff release them.</summary>
    WhenGraded,
    /// <summary>Nothing (but "submitted, being graded") until staff release the assignment or the item.</summary>
    AfterRelease,
}

/// <summary>When a student sees expected values and the feedback beyond "correct" or "incorrect".</summary>
public enum ExpectedRelease
{
    Never,
    /// <summary>Once the deadline has passed, or staff released the assignment (without a deadline: on release only).</summary>
    AfterDeadline,
    AfterRelease,
    Always,
}
