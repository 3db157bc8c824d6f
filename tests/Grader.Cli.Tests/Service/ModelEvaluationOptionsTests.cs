using System.CommandLine;
using Grader.Cli.Commands.Service;
using Grader.Worker.Models;
using Grader.Worker.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Cli.Tests.Service;

/// <summary>
/// What a worker (grader worker, grader serve --worker) sets up for the gpu queue: the backend,
/// then the sandbox, checked by starting one real child, and the operator told which, once.
/// </summary>
public sealed class ModelEvaluationOptionsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<(IModelEvaluator? Evaluator, string Error)> ConfigureAsync(params string[] args)
    {
        var options = new ModelEvaluationOptions();
        var command = new Command("worker");
        options.AddTo(command);
        var parse = command.Parse([.. args, "--no-gpu", "--cpu-models", "--data-dir", _temp.Root]);
        Assert.Empty(parse.Errors);
        var stderr = new StringWriter();
        var register = await options.ConfigureAsync(parse, new CliOutput(new StringWriter(), stderr), CancellationToken.None);
        if (register is null) return (null, stderr.ToString());
        var services = new ServiceCollection();
        register(services);
        return (services.BuildServiceProvider().GetRequiredService<IModelEvaluator>(), stderr.ToString());
    }

    [Fact]
    public async Task A_worker_checks_its_sandbox_at_start_and_says_where_models_run_under_which_limits()
    {
        var (evaluator, error) = await ConfigureAsync("--model-memory", "2048", "--model-time-limit", "5");
        var sandboxed = Assert.IsType<SandboxedModelEvaluator>(evaluator);
        Assert.Contains("grader: models are evaluated on the CPU", error);
        string where = SandboxSetup.FindBubblewrap() is null ? "child process without bubblewrap" : "bubblewrap sandbox (no network, read-only files";
        Assert.Contains($"grader: models are evaluated in a {where}", error);
        Assert.Contains("2 GiB memory, 5 min (7 min in all)", error);
        Assert.Contains("(cpu) in a ", sandboxed.EngineVersion); // what every grading run records
        Assert.Contains("2 GiB memory, 5 min", sandboxed.EngineVersion);
    }

    [Fact]
    public async Task A_plain_child_process_is_said_to_be_weaker()
    {
        var (evaluator, error) = await ConfigureAsync("--sandbox", "process");
        Assert.IsType<SandboxedModelEvaluator>(evaluator);
        Assert.Contains("can reach the network and read this user's files", error);
        Assert.Contains("grader: models are evaluated in a child process without bubblewrap", error);
    }

    [Fact]
    public void The_sandbox_settings_can_come_from_the_environment_file()
    {
        var options = new ModelEvaluationOptions();
        Assert.EndsWith("[env: GRADER_SANDBOX]", options.Sandbox.Description);
        Assert.EndsWith("[env: GRADER_MODEL_MEMORY]", options.MemoryMiB.Description);
        Assert.EndsWith("[env: GRADER_MODEL_TIME_LIMIT]", options.TimeLimitMinutes.Description);
    }

    [Theory]
    [InlineData("--model-memory", "100", "--model-memory is at least 256 (MiB)")]
    [InlineData("--model-time-limit", "0", "--model-time-limit must be positive")]
    public void Limits_out_of_range_are_usage_errors(string option, string value, string message)
    {
        var options = new ModelEvaluationOptions();
        var command = new Command("worker");
        options.AddTo(command);
        var parse = command.Parse([option, value]);
        Assert.Contains(parse.Errors, e => e.Message == message);
    }
}
