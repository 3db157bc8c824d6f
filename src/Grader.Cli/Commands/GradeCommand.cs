using System.CommandLine;
using Grader.Cli.Files;
using Grader.Cli.Output;
using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Evaluation;

namespace Grader.Cli.Commands;

/// <summary><c>grader grade &lt;rubric&gt; &lt;answers&gt;</c>: marks one answers file.</summary>
public static class GradeCommand
{
    public static Command Create(CliOutput output)
    {
        var rubricArgument = new Argument<string>("rubric") { Description = "The assignment's rubric (YAML)." };
        var answersArgument = new Argument<string>("answers") { Description = "The student's answers file (YAML or JSON)." };
        var studentOption = new Option<string?>("--student") { Description = "Student id, overriding the answers file's student.id." };
        var indexOption = new Option<string?>("--index") { Description = "Index (matriculation) number, for per-student variants." };
        var jsonOption = new Option<bool>("--json") { Description = "Print the marks as JSON." };
        var modelOption = new Option<string[]>("--model")
        {
            Description = "ITEM=FILE: the model file for a model item (default: the file the answers name, beside the answers file).",
            AllowMultipleArgumentsPerToken = false,
        };
        var dataDirectoryOption = DataDirectory.CreateOption();

        var command = new Command("grade", "Grade an answers file against a rubric and print the marks.")
        {
            rubricArgument, answersArgument, studentOption, indexOption, jsonOption, modelOption, dataDirectoryOption,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(output,
            parse.GetValue(rubricArgument)!, parse.GetValue(answersArgument)!,
            parse.GetValue(studentOption), parse.GetValue(indexOption), parse.GetValue(jsonOption),
            parse.GetValue(modelOption) ?? [], DataDirectory.Resolve(parse.GetValue(dataDirectoryOption)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput output, string rubricPath, string answersPath,
        string? studentId, string? index, bool json, string[] models, string dataDirectory, CancellationToken cancellationToken)
    {
        var (modelPaths, modelError) = LocalModelFiles.Parse(models);
        if (modelError is not null) return output.Fail(modelError);
        var (rubric, rubricErrors) = await RubricFiles.LoadRubricAsync(rubricPath, cancellationToken);
        if (rubric is null) return output.Fail(string.Join(Environment.NewLine, rubricErrors));
        var (answers, answerErrors) = await RubricFiles.LoadAnswersAsync(answersPath, cancellationToken);
        if (answers is null) return output.Fail(string.Join(Environment.NewLine, answerErrors));

        // An answers file for another assignment: one message saying which, not a table of zeros.
        if (AssignmentMatch.Problem(rubric, answers) is not null)
            return output.Fail($"{answersPath}: " + AssignmentMatch.Problem(rubric, answers,
                await RubricFiles.LoadSiblingsAsync(rubricPath, cancellationToken)));

        var student = Identity(answers.Student, studentId, index);
        var report = SubmissionGrader.Grade(rubric, answers, student);
        var files = new LocalModelFiles(modelPaths, Path.GetDirectoryName(Path.GetFullPath(answersPath))!);
        var graded = await ModelGrading.CompleteAsync(rubric, answers, report, files,
            new ModelGradingOptions(dataDirectory) { LeaveUnavailablePending = true }, cancellationToken);
        report = graded.Report;
        if (json) ReportJson.Write(output.Out, report, graded.Evaluations);
        else ReportTable.Write(output.Console, rubric, report);
        return GraderApp.ExitOk;
    }

    private static StudentIdentity? Identity(StudentIdentity? fromFile, string? id, string? index)
    {
        if (id is null && index is null) return fromFile;
        var identity = fromFile ?? new StudentIdentity(null, null, null);
        return identity with { Id = id ?? identity.Id, Index = index ?? identity.Index };
    }
}
