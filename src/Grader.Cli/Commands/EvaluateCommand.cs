using System.CommandLine;
using System.Globalization;
using Grader.Cli.Files;
using Grader.Core.Rubrics;
using Grader.Evaluation;
using Grader.Worker.Sandbox;
using Spectre.Console;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader evaluate &lt;model.onnx&gt; --dataset &lt;name&gt;</c>: accuracy and speed of a model on an
/// imported test set, for staff checking a threshold or a student checking before submitting.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create(CliOutput output)
    {
        var modelArgument = new Argument<string>("model") { Description = "The ONNX model file, or a state_dict (.pt, .pth, .safetensors) with --architecture." };
        var datasetOption = new Option<string>("--dataset") { Description = "cifar10, gtsrb, fashion-mnist or mnist.", Required = true };
        var resizeOption = new Option<string?>("--resize") { Description = "Resize images to HxW before the model." };
        var interpolationOption = new Option<string>("--interpolation")
        {
            Description = $"How --resize resamples: {string.Join(", ", ModelPreprocessing.Interpolations)} (torchvision's Resize on PIL images).",
            DefaultValueFactory = _ => ModelPreprocessing.Default.Interpolation,
        };
        interpolationOption.AcceptOnlyFromAmong([.. ModelPreprocessing.Interpolations]);
        var cropOption = new Option<string?>("--center-crop") { Description = "Center-crop to HxW after resizing." };
        var meanOption = new Option<string?>("--mean") { Description = "Per-channel mean, e.g. 0.4914,0.4822,0.4465 (after scaling to [0,1])." };
        var stdOption = new Option<string?>("--std") { Description = "Per-channel standard deviation." };
        var batchOption = new Option<int>("--batch") { Description = "Images per batch.", DefaultValueFactory = _ => 64 };
        var limitOption = new Option<int?>("--limit") { Description = "Evaluate only the first N images." };
        var dataDirectoryOption = DataDirectory.CreateOption();
        // A state_dict holds weights only: name the network it belongs to (a rubric can also give a layer list).
        var architectureOption = new Option<string?>("--architecture") { Description = "For a state_dict: resnet18 or lenet5." };
        var classesOption = new Option<int?>("--classes") { Description = "Output classes of --architecture (resnet18: 1000, lenet5: 10)." };
        var cifarStemOption = new Option<bool>("--cifar-stem") { Description = "resnet18 with a 3x3 stride-1 conv1 and no max-pool." };
        var deviceOption = new Option<ModelDevice>("--device") { Description = "Auto (the GPU when one is usable, else the CPU), Gpu or Cpu.", DefaultValueFactory = _ => ModelDevice.Auto };
        var sandboxOption = new Option<bool>("--sandbox")
        {
            Description = "Run the model in the sandbox a worker uses: a child process under bubblewrap when installed (no network, read-only files), with memory and time limits.",
        };
        var cuda = new CudaOptionsBinding();
        var command = new Command("evaluate", "Run a model over an imported test set and print its accuracy and speed.")
        {
            modelArgument, datasetOption, resizeOption, interpolationOption, cropOption, meanOption, stdOption, batchOption, limitOption, dataDirectoryOption,
            architectureOption, classesOption, cifarStemOption, deviceOption, sandboxOption,
        };
        cuda.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var modelPath = parse.GetValue(modelArgument)!;
            if (!File.Exists(modelPath)) return output.Fail($"{modelPath}: file not found");
            if (parse.GetValue(batchOption) is < 1 or > 4096) return output.Fail("--batch must be from 1 to 4096");
            var architecture = parse.GetValue(architectureOption);
            if (architecture is not (null or "resnet18" or "lenet5")) return output.Fail("--architecture is resnet18 or lenet5");
            ModelPreprocessing preprocessing;
            try
            {
                preprocessing = new ModelPreprocessing
                {
                    Resize = Size(parse.GetValue(resizeOption), "--resize"),
                    Interpolation = parse.GetValue(interpolationOption)!,
                    CenterCrop = Size(parse.GetValue(cropOption), "--center-crop"),
                    Mean = Numbers(parse.GetValue(meanOption), "--mean"),
                    Std = Numbers(parse.GetValue(stdOption), "--std"),
                };
            }
            catch (FormatException e)
            {
                return output.Fail(e.Message);
            }
            byte[] modelBytes;
            try
            {
                modelBytes = await ModelFileSize.ReadAsync(modelPath, cancellationToken);
            }
            catch (ModelEvaluationException e)
            {
                return output.Fail(e.Message, GraderApp.ExitCheckFailed);
            }
            var backend = BackendSelection.Choose(parse.GetValue(deviceOption), cpuAllowed: true, () => cuda.Open(parse));
            if (backend.Backend is null) return output.Fail(backend.Message);
            var request = new ModelEvaluationRequest(modelBytes,
                parse.GetValue(datasetOption)!, DataDirectory.Resolve(parse.GetValue(dataDirectoryOption)), preprocessing)
            {
                Backend = backend.Backend,
                BatchSize = parse.GetValue(batchOption),
                Limit = parse.GetValue(limitOption),
                FileName = Path.GetFileName(modelPath),
                Architecture = architecture is null ? null
                    : new ModelArchitecture(architecture, parse.GetValue(classesOption), parse.GetValue(cifarStemOption), null, []),
            };
            Evaluation evaluate = ModelEvaluator.EvaluateAsync;
            ModelSandbox? sandbox = null;
            if (parse.GetValue(sandboxOption))
            {
                sandbox = await SandboxStartup.OpenAsync(SandboxChoice.Auto, new SandboxLimits(), request.DataDirectory, backend.Backend,
                    output, check: false, cancellationToken);
                if (sandbox is null) return GraderApp.ExitBadInput;
                evaluate = sandbox.EvaluateAsync;
            }
            try
            {
                var result = await RunWithProgressAsync(output, request, evaluate, cancellationToken);
                Print(output, result, sandbox?.Settings.Describe());
                return GraderApp.ExitOk;
            }
            catch (ModelEvaluationException e)
            {
                return output.Fail(e.Message, e.IsStudentError ? GraderApp.ExitCheckFailed : GraderApp.ExitBadInput);
            }
            catch (SandboxUnavailableException e)
            {
                return output.Fail($"the model sandbox did not start: {e.Message}", GraderApp.ExitBadInput);
            }
        });
        return command;
    }

    /// <summary>In this process, or in the sandbox.</summary>
    private delegate Task<ModelEvaluationResult> Evaluation(ModelEvaluationRequest request, IProgress<EvaluationProgress>? progress,
        CancellationToken cancellationToken);

    private static Task<ModelEvaluationResult> RunWithProgressAsync(CliOutput output, ModelEvaluationRequest request, Evaluation evaluate,
        CancellationToken cancellationToken)
    {
        if (!output.IsTerminal) return evaluate(request, null, cancellationToken);
        return output.Console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask($"evaluating on {request.Dataset}", maxValue: 1);
            var progress = new Progress<EvaluationProgress>(p => task.Value = (double)p.ImagesDone / Math.Max(1, p.ImagesTotal));
            var result = await evaluate(request, progress, cancellationToken);
            task.Value = 1;
            return result;
        });
    }

    private static void Print(CliOutput output, ModelEvaluationResult result, string? sandbox)
    {
        output.Out.WriteLine($"accuracy {result.Accuracy.ToString("P2", CultureInfo.InvariantCulture)} ({result.Correct:N0} of {result.Total:N0}) on {result.Dataset}");
        output.Out.WriteLine($"speed    {result.ImagesPerSecond:N0} images/s ({result.EvaluationTime.TotalSeconds:0.00} s; model load and checks {result.LoadTime.TotalMilliseconds:N0} ms)");
        output.Out.WriteLine($"input    {string.Join("x", result.InputShape)}; engine {result.Engine}");
        output.Out.WriteLine($"model    sha256 {result.ModelSha256}");
        if (sandbox is not null) output.Out.WriteLine($"sandbox  {sandbox}");
        var table = new Table().Border(TableBorder.Simple).AddColumn("class").AddColumn(new TableColumn("accuracy").RightAligned());
        for (int c = 0; c < result.Classes.Count; c++)
            table.AddRow(Markup.Escape(result.Classes[c]), result.PerClassAccuracy[c]?.ToString("P1", CultureInfo.InvariantCulture) ?? "-");
        output.Console.Write(table);
    }

    private static PixelSize? Size(string? text, string option) =>
        text is null ? null : PixelSize.TryParse(text, out var size) ? size : throw new FormatException($"{option} '{text}' is not HxW");

    private static IReadOnlyList<double>? Numbers(string? text, string option) =>
        text?.Split(',').Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw new FormatException($"{option}: '{part}' is not a number")).ToList();
}
