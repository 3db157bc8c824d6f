using System.CommandLine;
using Grader.Cli.Checks;
using Grader.Cli.Files;
using Grader.Core.Checking;
using Grader.Core.Documents;
using Grader.Core.Rubrics;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader check &lt;rubric-or-folder&gt;</c>: validates rubrics and grades their reference
/// answers (<c>reference/&lt;id&gt;/</c>): the model solution must score full marks and each
/// wrong submission exactly the marks its <c>cases.yaml</c> entry states. Warns (without failing)
/// where an item's tolerance would refuse a three-significant-figure rounding of its answer.
/// </summary>
public static class CheckCommand
{
    public static Command Create(CliOutput output)
    {
        var pathArgument = new Argument<string>("path") { Description = "A rubric file or a folder of rubrics." };
        var referenceOption = new Option<string?>("--reference")
        {
            Description = "Folder holding <assignment id>/ reference answers (default: ../reference beside the rubrics folder).",
        };
        var command = new Command("check", "Validate rubrics and grade their reference solutions.") { pathArgument, referenceOption };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(output, parse.GetValue(pathArgument)!, parse.GetValue(referenceOption), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput output, string path, string? referenceRoot, CancellationToken cancellationToken)
    {
        var files = RubricFiles.Find(path);
        if (files.Count == 0) return output.Fail($"{path}: no rubric files (*.yaml) found");
        int failures = 0;
        foreach (var file in files)
        {
            var (rubric, errors) = await RubricFiles.LoadRubricAsync(file, cancellationToken);
            if (rubric is null)
            {
                output.Out.WriteLine($"FAIL {file}");
                foreach (var error in errors) output.Out.WriteLine($"  {error}");
                failures++;
                continue;
            }
            output.Out.WriteLine($"ok   {file}: {rubric.Id}, {rubric.Items.Count} items, {rubric.TotalPoints} points");
            foreach (var warning in RoundingCheck.Find(rubric)) output.Out.WriteLine($"  warn {warning}");
            var folder = Path.Combine(referenceRoot ?? DefaultReferenceRoot(file), rubric.Id);
            failures += await CheckReferenceAsync(output, rubric, folder, cancellationToken);
        }
        output.Out.WriteLine(failures == 0 ? "All rubrics and reference answers check out." : $"{failures} problem(s) found.");
        return failures == 0 ? GraderApp.ExitOk : GraderApp.ExitCheckFailed;
    }

    private static async Task<int> CheckReferenceAsync(CliOutput output, Rubric rubric, string folder, CancellationToken cancellationToken)
    {
        var casesPath = Path.Combine(folder, "cases.yaml");
        var (casesText, casesError) = await SourceFile.ReadAsync(casesPath, cancellationToken);
        if (casesText is null)
        {
            output.Out.WriteLine($"  FAIL no reference answers: {casesError}");
            return 1;
        }
        IReadOnlyList<ReferenceCase> cases;
        try
        {
            cases = ReferenceCase.Parse(casesText, casesPath);
        }
        catch (DocumentException e)
        {
            output.Out.WriteLine($"  FAIL {e.Describe(casesPath)}");
            return 1;
        }
        int failures = 0;
        if (!cases.Any(c => c.Full))
        {
            output.Out.WriteLine($"  FAIL {casesPath}: no case is marked 'full' (the model solution)");
            failures++;
        }
        foreach (var unlisted in UnlistedAnswerFiles(folder, cases))
        {
            output.Out.WriteLine($"  FAIL {unlisted}: not listed in cases.yaml");
            failures++;
        }
        foreach (var referenceCase in cases)
            failures += await CheckCaseAsync(output, rubric, Path.Combine(folder, referenceCase.File), referenceCase, cancellationToken);
        return failures;
    }

    private static async Task<int> CheckCaseAsync(CliOutput output, Rubric rubric, string path, ReferenceCase referenceCase, CancellationToken cancellationToken)
    {
        var (answers, errors) = await RubricFiles.LoadAnswersAsync(path, cancellationToken);
        if (answers is null)
        {
            output.Out.WriteLine($"  FAIL {path}: {string.Join("; ", errors)}");
            return 1;
        }
        var report = SubmissionGrader.Grade(rubric, answers);
        var mismatches = referenceCase.Mismatches(rubric, report);
        var summary = $"{Output.ReportTable.Points(report.Total)} / {Output.ReportTable.Points(report.MaxTotal)}"
            + (report.PendingCount > 0 ? $", {report.PendingCount} pending" : "");
        if (mismatches.Count == 0)
        {
            output.Out.WriteLine($"  ok   {Path.GetFileName(path)}: {summary}{(referenceCase.Full ? " (full auto marks)" : "")}");
            return 0;
        }
        output.Out.WriteLine($"  FAIL {Path.GetFileName(path)}: {summary}");
        foreach (var mismatch in mismatches) output.Out.WriteLine($"    {mismatch}");
        return 1;
    }

    private static IEnumerable<string> UnlistedAnswerFiles(string folder, IReadOnlyList<ReferenceCase> cases) =>
        Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json" && Path.GetFileName(f) != "cases.yaml")
            .Where(f => cases.All(c => c.File != Path.GetFileName(f)))
            .Order(StringComparer.Ordinal);

    private static string DefaultReferenceRoot(string rubricFile) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(rubricFile))!, "..", "reference");
}
