namespace Grader.Core.Expressions;

public enum EquivalenceOutcome
{
    /// <summary>Agreed at every sample point.</summary>
    Equivalent,

    /// <summary>A sample point where the results differ in shape or value; see the counterexample.</summary>
    NotEquivalent,

    /// <summary>Could not decide: too few usable sample points, or a problem in the rubric. The message is for the rubric author.</summary>
    Inconclusive,

    /// <summary>The student formula uses an unknown name or fails to evaluate where the reference works.</summary>
    CandidateError,
}

/// <summary>
/// The verdict. <see cref="Message"/> is written for the student (for <see cref="EquivalenceOutcome.Inconclusive"/>,
/// for the rubric author). <see cref="Counterexample"/> holds the sampled variables where the formulas
/// parted, in declaration order.
/// </summary>
public sealed record EquivalenceResult(
    EquivalenceOutcome Outcome,
    string Message,
    IReadOnlyList<KeyValuePair<string, Value>>? Counterexample,
    int SamplesTried,
    int SamplesCompared)
{
    public bool IsEquivalent => Outcome == EquivalenceOutcome.Equivalent;

    /// <summary>The reference's value at the counterexample, when there is one.</summary>
    public Value? Expected { get; init; }

    /// <summary>The student's value at the counterexample, when there is one.</summary>
    public Value? Actual { get; init; }

    /// <summary>Column in the student's text that the message points to, when it points anywhere.</summary>
    public int? Column { get; init; }
}
