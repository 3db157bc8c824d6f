namespace Grader.Core.Expressions;

/// <summary>
/// An expression could not be evaluated: a wrong argument, a shape mismatch, a budget exceeded.
/// The message is written for the student; the evaluator adds the column of the failing node.
/// </summary>
public sealed class EvaluationException : Exception
{
    public EvaluationException(string message) : base(message)
    {
        Detail = message;
    }

    /// <summary>Positioned form: the message reads "<paramref name="detail"/> at column N".</summary>
    public EvaluationException(string detail, int column) : base($"{detail} at column {column}")
    {
        Detail = detail;
        Column = column;
    }

    /// <summary>1-based column of the node that failed, once the evaluator has positioned the error.</summary>
    public int? Column { get; }

    /// <summary>The message without the column.</summary>
    public string Detail { get; }
}
