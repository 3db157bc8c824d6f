namespace Grader.Inference;

/// <summary>
/// Thrown for anything wrong with a submitted model: unreadable bytes, unsupported operators,
/// inconsistent shapes, or a model that exceeds the safety limits. The message is written for the
/// student: it names the node or tensor at fault and what we expected.
/// </summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string message) : base(message) { }
    public ModelLoadException(string message, Exception inner) : base(message, inner) { }
}
