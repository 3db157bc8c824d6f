namespace Grader.Worker.Sandbox;

/// <summary>
/// The sandbox could not start an evaluation (bubblewrap refused, the executable is missing, the
/// child could not apply its limits): the grader's problem, never the student's. A job that
/// meets it is retried, then dead with this message for staff to see.
/// </summary>
public sealed class SandboxUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
