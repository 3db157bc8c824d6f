namespace Grader.Core.Expressions;

/// <summary>
/// An expression could not be evaluated: a wrong argument, a shape mismatch, a budget exceeded.
/// The message is written for the student; the evaluator adds the column of the failing node.
/// </summary>
public sealed class EvaluationException(string message) : Exception(message);
