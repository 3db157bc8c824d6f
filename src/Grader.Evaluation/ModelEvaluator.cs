using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Grader.Datasets;
using Grader.Datasets.Batching;
using Grader.Datasets.Preprocessing;
using Grader.Datasets.Scoring;
using Grader.Datasets.Storage;
using Grader.Inference;
using Grader.Inference.Checkpoints;
using Grader.Inference.Cpu;

namespace Grader.Evaluation;

/// <summary>
/// Runs an uploaded network over a held-out test set. Everything that can be checked cheaply is
/// checked before any image is run: the file parses, its operators and sizes are within limits,
/// and its input shape matches what the preprocessing produces.
/// </summary>
public static class ModelEvaluator
{
    public static async Task<ModelEvaluationResult> EvaluateAsync(
        ModelEvaluationRequest request, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var backend = request.Backend ?? new CpuBackend();
        var clock = Stopwatch.StartNew();
        var modelSha = Convert.ToHexStringLower(SHA256.HashData(request.ModelBytes.Span));
        // The file is read and checked before the data set is opened (a hostile or broken upload is
        // the student's to fix, whatever the machine lacks); a state_dict's network is built after,
        // for the input the preprocessing gives (AdaptiveAvgPool2d's bins depend on it).
        var (model, weights) = Read(request);
        using var dataset = OpenDataset(request);
        var plan = Plan(request, dataset);
        model ??= Loading(() => InferenceModel.FromStateDict(weights!, ArchitectureMapping.ToSpec(request.Architecture!, plan.InputShape)));
        var imageShape = plan.InputShape;
        var shapeCheck = model.CheckInputShape(imageShape);
        if (!shapeCheck.IsCompatible) throw new ModelEvaluationException(shapeCheck.Message, isStudentError: true);

        using var compiled = Compile(backend, model, imageShape, request.BatchSize);
        if (compiled.OutputSize != dataset.Classes.Count)
            throw new ModelEvaluationException(
                $"the model gives {compiled.OutputSize} outputs per image, but {dataset.Name} has {dataset.Classes.Count} classes", isStudentError: true);
        var loadTime = clock.Elapsed;

        int total = request.Limit is { } limit ? Math.Min(limit, dataset.Count) : dataset.Count;
        var logits = new float[request.BatchSize * compiled.OutputSize];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(request.TimeLimit);
        int done = 0;
        clock.Restart();
        ConfusionMatrix matrix;
        try
        {
            matrix = await ModelEvaluation.EvaluateAsync(dataset, plan, (batch, token) =>
            {
                compiled.Run(batch.Images.Span, batch.Count, logits, token);
                done += batch.Count;
                progress?.Report(new EvaluationProgress(done, total));
                return ValueTask.FromResult<ReadOnlyMemory<float>>(logits.AsMemory(0, batch.Count * compiled.OutputSize));
            }, new BatchOptions { BatchSize = request.BatchSize, Count = total }, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelEvaluationException(
                $"the evaluation took longer than the limit of {request.TimeLimit.TotalMinutes:0.#} minutes ({done} of {total} images done)",
                isStudentError: true);
        }
        catch (ModelLoadException e)
        {
            throw new ModelEvaluationException(e.Message, isStudentError: true, e);
        }
        return new ModelEvaluationResult(
            dataset.Name, (int)matrix.Correct, (int)matrix.Total, matrix.PerClassAccuracy(), matrix.ToRows(), dataset.Classes,
            modelSha, DatasetHash(dataset.Manifest), EngineInfo.Describe(backend), imageShape, loadTime, clock.Elapsed);
    }

    private static string FileName(ModelEvaluationRequest request) => request.FileName ?? request.Answer?.File ?? "model.onnx";

    /// <summary>An ONNX model, or a state_dict's tensors (its network is built once the input size is known).</summary>
    private static (InferenceModel? Model, StateDict? Weights) Read(ModelEvaluationRequest request)
    {
        var format = CheckpointReader.FormatOf(FileName(request));
        if (format is not null && request.Architecture is null)
            throw new ModelEvaluationException(
                "a state_dict (.pt, .pth, .safetensors) holds weights only, and no architecture was given to load it into (the rubric's 'architecture' in the model block)", isStudentError: false);
        return format is { } checkpoint
            ? (null, Loading(() => CheckpointReader.Read(request.ModelBytes.ToArray(), checkpoint)))
            : (Loading(() => InferenceModel.Load(request.ModelBytes.Span)), null);
    }

    private static T Loading<T>(Func<T> load)
    {
        try
        {
            return load();
        }
        catch (ModelLoadException e)
        {
            throw new ModelEvaluationException($"the model could not be loaded: {e.Message}", isStudentError: true, e);
        }
    }

    private static DatasetReader OpenDataset(ModelEvaluationRequest request)
    {
        if (!DatasetStore.Exists(request.DataDirectory, request.Dataset))
            throw new ModelEvaluationException(
                $"the data set '{request.Dataset}' is not imported in {request.DataDirectory} (staff: grader dataset import {request.Dataset} <official archive>)",
                isStudentError: false);
        try
        {
            return DatasetStore.Open(request.DataDirectory, request.Dataset);
        }
        catch (DatasetException e)
        {
            throw new ModelEvaluationException($"the data set '{request.Dataset}' could not be opened: {e.Message}", isStudentError: false, e);
        }
    }

    private static PreprocessingPlan Plan(ModelEvaluationRequest request, DatasetReader dataset)
    {
        try
        {
            return PreprocessingMapping.ToSpec(request.Preprocessing)
                .Resolve(dataset.Manifest, PreprocessingMapping.ToSubmission(request.Answer));
        }
        catch (PreprocessingException e)
        {
            throw new ModelEvaluationException($"preprocessing: {e.Message}", isStudentError: request.Answer is not null, e);
        }
    }

    private static ICompiledModel Compile(IInferenceBackend backend, InferenceModel model, int[] imageShape, int batchSize)
    {
        try
        {
            return backend.Compile(model, new CompileOptions { ImageShape = imageShape, MaxBatch = batchSize });
        }
        catch (ModelLoadException e)
        {
            throw new ModelEvaluationException(e.Message, isStudentError: true, e);
        }
    }

    /// <summary>One hash over the manifest's file digests: names the exact test set a mark came from.</summary>
    private static string DatasetHash(DatasetManifest manifest)
    {
        var lines = manifest.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value.Sha256}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines))));
    }
}
