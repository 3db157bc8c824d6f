using Grader.Core.Rubrics;
using Grader.Inference;

namespace Grader.Evaluation;

/// <summary>One model to evaluate on one imported data set.</summary>
public sealed record ModelEvaluationRequest(
    ReadOnlyMemory<byte> ModelBytes,
    string Dataset,
    string DataDirectory,
    ModelPreprocessing Preprocessing)
{
    /// <summary>The submission's own normalisation and input size, where the rubric allows them.</summary>
    public ModelAnswer? Answer { get; init; }

    public int BatchSize { get; init; } = 64;

    /// <summary>Beyond this the evaluation is cancelled and the item fails with a clear message.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Evaluate only the first N images (benchmarks, smoke tests); null for the whole set.</summary>
    public int? Limit { get; init; }

    public IInferenceBackend? Backend { get; init; }

    /// <summary>The uploaded file's name; its extension picks the loader (.onnx, .pt/.pth,
    /// .safetensors). Defaults to the answer's file name; ONNX when neither is known.</summary>
    public string? FileName { get; init; }

    /// <summary>The network a state_dict upload is loaded into (the rubric's architecture).</summary>
    public ModelArchitecture? Architecture { get; init; }
}

/// <summary>Progress of a running evaluation, for progress bars and the queue monitor.</summary>
public sealed record EvaluationProgress(int ImagesDone, int ImagesTotal);
