using Microsoft.ML.OnnxRuntime;

namespace Grader.Bench.Inference;

/// <summary>
/// onnxruntime in this process, the side-by-side peer of <c>models --peer onnxruntime</c>: the same
/// ONNX file and input array as our engine, CPU execution provider with the settings the Node peer
/// used (2 intra-op threads, 1 inter-op, sequential, all graph optimisations). Input and output are
/// bound once to the caller's arrays, so a timed call is ORT's run and nothing else.
/// Benchmark-only: grading never runs onnxruntime.
/// </summary>
public sealed class OrtPeer : IDisposable
{
    private readonly InferenceSession session;
    private readonly OrtIoBinding binding;
    private readonly OrtValue input, output;
    private readonly RunOptions runOptions = new();

    public OrtPeer(string onnxPath, float[] inputData, long[] inputShape, float[] outputData, long[] outputShape,
        int threads, string? profilePrefix = null)
    {
        using var options = SessionOptionsFor(threads);
        if (profilePrefix != null)
        {
            options.EnableProfiling = true;
            options.ProfileOutputPathPrefix = profilePrefix;
        }
        session = new InferenceSession(onnxPath, options);
        input = OrtValue.CreateTensorValueFromMemory(inputData, inputShape);
        output = OrtValue.CreateTensorValueFromMemory(outputData, outputShape);
        binding = session.CreateIoBinding();
        binding.BindInput(session.InputNames[0], input);
        binding.BindOutput(session.OutputNames[0], output);
    }

    public static string Version => OrtEnv.Instance().GetVersionString();

    public static SessionOptions SessionOptionsFor(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    public void Run() => session.RunWithBinding(runOptions, binding);

    /// <summary>Ends profiling and returns the path of the trace ORT wrote.</summary>
    public string EndProfiling() => session.EndProfiling();

    public void Dispose()
    {
        binding.Dispose();
        session.Dispose();
        input.Dispose();
        output.Dispose();
        runOptions.Dispose();
    }
}
