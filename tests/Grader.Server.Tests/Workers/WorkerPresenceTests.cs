using Grader.Data.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Server.Tests.Workers;

/// <summary>A running worker is in the registry with the queues it really takes: the gpu queue only with a model evaluator.</summary>
public sealed class WorkerPresenceTests(ServerFixture plain, ServerWithModelEvaluator withModels)
    : IClassFixture<ServerFixture>, IClassFixture<ServerWithModelEvaluator>
{
    /// <summary>The worker announces itself when it starts; waits for that, with a bounded deadline.</summary>
    private static async Task<IReadOnlyList<string>> QueuesOfAsync(ServerFixture server, string worker)
    {
        var registry = server.Services.GetRequiredService<WorkerRegistry>();
        var live = await Poll.UntilAsync(async () => (await registry.LiveAsync(default)).FirstOrDefault(w => w.Name == worker),
            w => w is not null, TimeSpan.FromSeconds(30));
        Assert.True(live is not null, $"worker {worker} did not announce itself");
        return live!.Queues;
    }

    [Fact]
    public async Task A_worker_without_a_model_evaluator_does_not_count_for_the_gpu_queue() =>
        Assert.Equal([QueueNames.Cpu], await QueuesOfAsync(plain, "test-worker"));

    [Fact]
    public async Task A_worker_with_a_model_evaluator_takes_the_gpu_queue() =>
        Assert.Equal([QueueNames.Cpu, QueueNames.Gpu], await QueuesOfAsync(withModels, "test-worker"));
}
