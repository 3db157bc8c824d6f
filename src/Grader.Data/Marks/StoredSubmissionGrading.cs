using System.Text;
using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Rubrics;

namespace Grader.Data.Marks;

/// <summary>
/// Grades a stored submission's answers file under the rubric version stored with it: what a
/// worker's grading job does, and how staff revert an override to the automatic result.
/// </summary>
public static class StoredSubmissionGrading
{
    /// <summary>
    /// The marks of every item of a stored submission (loaded with its files and student) under
    /// its rubric version; also how a person's override is reverted to the automatic result.
    /// </summary>
    public static async Task<IReadOnlyList<ItemResult>> GradeAsync(Submission submission, FileStore files, RubricCache rubrics,
        CancellationToken cancellationToken)
    {
        var rubric = await rubrics.GetAsync(submission.RubricVersionId, cancellationToken);
        var answersFile = AnswersFile(submission);
        var bytes = await files.GetAsync(answersFile.Sha256, cancellationToken) ?? throw MissingFile(answersFile);
        return Grade(rubric, submission, answersFile, bytes);
    }

    public static SubmissionFile AnswersFile(Submission submission) => submission.Files.Single(f => f.Role == FileRoles.Answers);

    public static InvalidOperationException MissingFile(SubmissionFile file) =>
        new($"file {Convert.ToHexStringLower(file.Sha256)} is missing");

    public static IReadOnlyList<ItemResult> Grade(Rubric rubric, Submission submission, SubmissionFile answersFile, byte[] answers)
    {
        var models = submission.Files.Where(f => f.Role == FileRoles.Model).Select(f => f.ItemId).ToHashSet(StringComparer.Ordinal);
        var student = submission.Student!;
        return Grade(rubric, answers, answersFile.FileName, new StudentIdentity(student.ExternalId, student.Name, student.IndexNumber), models);
    }

    /// <summary>
    /// The marks of every item. An unreadable answers file is the student's error: every item
    /// gets 0 with the reader's messages, so they know what to fix. Model items are judged by the
    /// uploaded files, not by what the answers file says about them.
    /// </summary>
    public static IReadOnlyList<ItemResult> Grade(Rubric rubric, byte[] bytes, string fileName, StudentIdentity student,
        IReadOnlySet<string> uploadedModels)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Unreadable(rubric, "Your answers file is not UTF-8 text.");
        }
        var read = AnswerFileReader.Read(text, fileName);
        if (read.File is not { } answers)
            return Unreadable(rubric, "Your answers file could not be read: " + string.Join("; ", read.DescribeProblems()));

        var report = SubmissionGrader.Grade(rubric, answers, student);
        return report.Items.Select(result => rubric.FindItem(result.ItemId) is { Check: ModelCheck model }
            ? uploadedModels.Contains(result.ItemId)
                ? result with { Points = 0, Status = MarkStatus.PendingModel, Feedback = $"Awaiting evaluation on the {model.Requirement.Dataset} test set.", Details = null }
                : result with { Points = 0, Status = MarkStatus.Missing, Feedback = "No model file was submitted for this item.", Details = null }
            : result).ToList();
    }

    private static List<ItemResult> Unreadable(Rubric rubric, string feedback) =>
        rubric.Items.Select(i => new ItemResult(i.Id, 0, i.Points, i.Bonus, MarkStatus.Invalid, feedback)).ToList();
}
