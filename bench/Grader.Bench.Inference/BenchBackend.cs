using Grader.Inference;
using Grader.Inference.Cpu;
using Grader.Inference.Cuda;

namespace Grader.Bench.Inference;

/// <summary>
/// --backend cpu|cuda (default cpu) and --tf32. The CUDA backend finds its libraries through
/// CudaOptions.FromEnvironment (GRADER_CUDA_PATH) and throws CudaUnavailableException, which
/// BenchCommand reports, when there is no usable GPU. TF32 is off unless asked for: fp32 is what
/// grading uses by default and what the PyTorch column with TF32 off is compared with.
/// </summary>
public static class BenchBackend
{
    /// <summary>The backend the options name; the caller disposes it (CudaBackend holds the device).</summary>
    public static IInferenceBackend Create(Options options)
    {
        bool tf32 = options.Flag("tf32");
        switch (options.String("backend", "cpu"))
        {
            case "cpu":
                if (tf32) throw new OptionException("--tf32 applies to --backend cuda only");
                return new CpuBackend();
            case "cuda":
                return CudaBackend.Create(CudaOptions.FromEnvironment() with { AllowTf32 = tf32 });
            case var other:
                throw new OptionException($"--backend takes cpu or cuda, not '{other}'");
        }
    }
}
