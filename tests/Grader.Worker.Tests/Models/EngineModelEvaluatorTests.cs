using Grader.Core.Rubrics;
using Grader.Datasets;
using Grader.Inference;
using Grader.Inference.Cpu;
using Grader.Inference.Cuda;
using Grader.Worker.Models;

namespace Grader.Worker.Tests.Models;

/// <summary>The gpu queue's evaluator on the real engine and the real Fashion-MNIST test set.</summary>
public sealed class EngineModelEvaluatorTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("grader-engine-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static byte[] FixtureModel() => File.ReadAllBytes(RepositoryRoot.Fixture("fashion-mnist", "fashion_cnn.onnx"));

    private static readonly ModelRequirement Requirement = new("fashion-mnist", "accuracy", 0.85, null, ["onnx"])
    {
        Preprocessing = new ModelPreprocessing { AllowSubmissionNormalization = true },
    };

    [FashionMnistFact]
    public async Task Measures_the_accuracy_with_the_submissions_own_normalisation()
    {
        DatasetImporter.Import("fashion-mnist", [FashionMnistFactAttribute.SourceDirectory], _dataDirectory);
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory));
        var answer = new ModelAnswer("fashion_cnn.onnx", [0.2860], [0.3530], null);
        var evaluation = await evaluator.EvaluateAsync(new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, FixtureModel(), answer), default);
        Assert.Equal(0.9058, evaluation.Metric, 10);
        Assert.Contains("9,058 of 10,000", evaluation.Note);
        Assert.Contains("(cpu)", evaluator.EngineVersion);
        var details = evaluation.Details!;
        Assert.Equal((9058, 10_000, 0.85, "fashion-mnist"), (details.Correct, details.Total, details.Threshold, details.Dataset));
        Assert.Equal(10, details.Classes.Count);
        // Fashion-MNIST's test set has 1,000 images of each class: every row of the matrix sums to 1,000.
        Assert.All(details.ConfusionMatrix, row => Assert.Equal(1000, row.Sum()));
        Assert.Equal(9058, Enumerable.Range(0, 10).Sum(c => details.ConfusionMatrix[c][c]));
        Assert.Equal(64, details.ModelSha256.Length);
    }

    [Fact]
    public async Task A_broken_model_is_rejected_as_the_students_to_fix()
    {
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory));
        var job = new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, [1, 2, 3, 4]);
        var rejected = await Assert.ThrowsAsync<ModelRejectedException>(() => evaluator.EvaluateAsync(job, default));
        Assert.Contains("could not be loaded", rejected.Message);
    }

    [Fact]
    public async Task A_missing_data_set_is_an_infrastructure_failure_to_retry()
    {
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory));
        var job = new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, FixtureModel());
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => evaluator.EvaluateAsync(job, default));
        Assert.IsNotType<ModelRejectedException>(failure);
    }

    /// <summary>The CPU engine under a GPU's name, failing the first runs as a faulting or full device would.</summary>
    private sealed class FailingGpu(params Exception[] failures) : IInferenceBackend
    {
        private readonly Queue<Exception> pending = new(failures);
        public string Name => "cuda (Test GPU, sm_90, fp32, cuDNN 9.1.0)";

        public ICompiledModel Compile(InferenceModel model, CompileOptions? options = null) =>
            pending.TryPeek(out var e) && e is ModelLoadException ? throw pending.Dequeue() : new Failing(new CpuBackend().Compile(model, options), pending);

        private sealed class Failing(ICompiledModel inner, Queue<Exception> pending) : ICompiledModel
        {
            public IReadOnlyList<int> ImageShape => inner.ImageShape;
            public IReadOnlyList<int> OutputShape => inner.OutputShape;
            public int ImageSize => inner.ImageSize;
            public int OutputSize => inner.OutputSize;
            public void Dispose() => inner.Dispose();

            public void Run(ReadOnlySpan<float> input, int batch, Span<float> output, CancellationToken cancellationToken = default)
            {
                if (pending.TryDequeue(out var e)) throw e;
                inner.Run(input, batch, output, cancellationToken);
            }
        }
    }

    [FashionMnistFact]
    public async Task A_device_fault_is_retried_and_the_next_evaluation_runs_on_the_same_worker()
    {
        DatasetImporter.Import("fashion-mnist", [FashionMnistFactAttribute.SourceDirectory], _dataDirectory);
        var fault = new CudaFaultException("the GPU faulted while running this model (CUDA_ERROR_ILLEGAL_ADDRESS); the device is reset before its next use", new Exception());
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory) { Backend = new FailingGpu(fault) });
        Assert.Contains("(cuda (Test GPU, sm_90, fp32", evaluator.EngineVersion); // what the grading run records
        var answer = new ModelAnswer("fashion_cnn.onnx", [0.2860], [0.3530], null);
        var job = new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, FixtureModel(), answer);

        var failure = await Assert.ThrowsAsync<CudaFaultException>(() => evaluator.EvaluateAsync(job, default));
        Assert.Contains("CUDA_ERROR_ILLEGAL_ADDRESS", failure.Message); // not the student's: retried, then dead and visible
        var evaluation = await evaluator.EvaluateAsync(job, default);
        Assert.Equal(0.9058, evaluation.Metric, 10);
    }

    [FashionMnistFact]
    public async Task A_model_too_large_for_the_device_is_rejected_with_the_reason()
    {
        var tooLarge = new ModelLoadException("the model needs more GPU memory than is free for 1 image(s) at a time (90,000 MiB of activations, 79,000 MiB free on Test GPU)");
        DatasetImporter.Import("fashion-mnist", [FashionMnistFactAttribute.SourceDirectory], _dataDirectory);
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory) { Backend = new FailingGpu(tooLarge) });
        var job = new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, FixtureModel(), new ModelAnswer("fashion_cnn.onnx", [0.2860], [0.3530], null));
        var rejected = await Assert.ThrowsAsync<ModelRejectedException>(() => evaluator.EvaluateAsync(job, default));
        Assert.Contains("needs more GPU memory than is free", rejected.Message);
    }
}
