using System.Reflection;
using Grader.Inference;

namespace Grader.Evaluation;

/// <summary>Names the engine build that produced a mark, so a mark can be reproduced later.</summary>
public static class EngineInfo
{
    public static string Describe(IInferenceBackend backend)
    {
        var assembly = typeof(InferenceModel).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        return $"grader-inference {version} ({backend.Name})";
    }
}
