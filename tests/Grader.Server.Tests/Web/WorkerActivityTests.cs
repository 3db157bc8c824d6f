using Grader.Server.Web.Queue;

namespace Grader.Server.Tests.Web;

/// <summary>The queue page's "models on" column, read from the engine a worker's grading runs recorded.</summary>
public sealed class WorkerActivityTests
{
    [Theory]
    [InlineData("grader-inference 1.0.0+abc (cpu)", "cpu")]
    [InlineData("grader-inference 1.0.0+abc (cuda (NVIDIA H100 80GB HBM3, sm_90, fp32, cuDNN 9.1.0))",
        "cuda (NVIDIA H100 80GB HBM3, sm_90, fp32, cuDNN 9.1.0)")]
    [InlineData("grader-inference 1.0.0+abc (cpu) in a bubblewrap sandbox (no network, read-only files; 4 GiB memory, 20 min (22 min in all), 44 min CPU, 64 MiB files)",
        "cpu, bubblewrap sandbox")]
    [InlineData("grader-inference 1.0.0+abc (cuda (NVIDIA H100, sm_90, tf32, no cuDNN)) in a child process without bubblewrap (network and files not isolated; 4 GiB memory)",
        "cuda (NVIDIA H100, sm_90, tf32, no cuDNN), child process without bubblewrap")]
    [InlineData("fake/1", "fake/1")]
    public void The_device_and_sandbox_are_read_from_the_engine(string engine, string shown) =>
        Assert.Equal(shown, new WorkerActivity("w", 1, DateTimeOffset.UnixEpoch, 0, engine).ModelDevice);
}
