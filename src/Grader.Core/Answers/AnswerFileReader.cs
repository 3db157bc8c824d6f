using Grader.Core.Documents;

namespace Grader.Core.Answers;

/// <summary>
/// Reads a student's answer file (YAML, or JSON when the name ends in <c>.json</c>). The file is
/// untrusted, so it is read under <see cref="DocumentLimits.Submission"/> and no input can make
/// this throw: every failure comes back as <see cref="AnswerProblem"/>s.
/// <para>Format (JSON has the same structure):</para>
/// <code>
/// assignment: rptu-dl-ex2   # optional: the assignment this file answers (grader template writes it)
/// student:                  # optional
///   id: s1234567            # all three fields optional
///   name: Ada Lovelace
///   index: "180577X"        # index/matriculation number, picks per-student variants
/// answers:
///   2.1.i.sobel_x: [[1, 0, -1], [2, 0, -2], [1, 0, -1]]   # numbers and (nested) lists of numbers
///   2.1.v.output_size: "floor((H + 2*p - k)/s) + 1"      # text, e.g. formulas
///   2.4.cifar: model.onnx                                 # file names are text too
/// </code>
/// <para>
/// Without <c>student:</c> the wrapper may be left out and the file be just the
/// <c>answers</c> mapping (item id → answer). Item ids are kept as written (<c>2.1</c> stays the
/// text "2.1", never the number 2.1); keys must be unique and non-empty. Any other top-level key
/// next to <c>student:</c>/<c>answers:</c> is an error, as is any key in <c>student:</c> other than
/// <c>id</c>, <c>name</c>, <c>index</c>. An <c>answers:</c> with nothing under it means no answers.
/// </para>
/// </summary>
public static class AnswerFileReader
{
    private const string AssignmentKey = "assignment";
    private const string StudentKey = "student";
    private const string AnswersKey = "answers";
    private static readonly string[] TopLevelKeys = [AssignmentKey, StudentKey, AnswersKey];
    private static readonly string[] StudentKeys = ["id", "name", "index"];

    public static AnswerFileReadResult Read(string text, string sourceName, DocumentLimits? limits = null)
    {
        DocNode root;
        try
        {
            root = DocumentReader.Read(text, sourceName, limits ?? DocumentLimits.Submission);
        }
        catch (DocumentException e)
        {
            return AnswerFileReadResult.Failure(sourceName, [new(e.Message, e.Position)]);
        }

        var problems = new List<AnswerProblem>();
        if (root is not DocNode.Mapping top)
        {
            problems.Add(new(
                $"an answer file must map item ids to answers (like '2.1: 42'), but this file is {root.KindName}",
                root.Position));
            return AnswerFileReadResult.Failure(sourceName, problems);
        }

        OrderedDictionary<string, DocNode> answers;
        StudentIdentity? student = null;
        string? assignment = null;
        if (top[StudentKey] is not null || top[AnswersKey] is not null || top[AssignmentKey] is not null)
        {
            RejectUnknownTopLevelKeys(top, problems);
            assignment = ReadAssignment(top, problems);
            student = ReadStudent(top, problems);
            answers = ReadWrappedAnswers(top, problems);
        }
        else
        {
            answers = ReadAnswers(top, problems);
        }

        // In file order, as a student fixes them top to bottom.
        return problems.Count > 0
            ? AnswerFileReadResult.Failure(sourceName, [.. problems.OrderBy(p => p.Position?.Line).ThenBy(p => p.Position?.Column)])
            : AnswerFileReadResult.Success(new AnswerFile(student, answers, sourceName) { Assignment = assignment });
    }

    private static void RejectUnknownTopLevelKeys(DocNode.Mapping top, List<AnswerProblem> problems)
    {
        foreach (var (key, _) in top.Entries)
        {
            if (TopLevelKeys.Contains(key.Text))
                continue;
            // Most likely either a typo of "answers" or an answer that slipped out of the section.
            var message = KeySuggestion.Nearest(key.Text, TopLevelKeys) is { } near
                ? $"unknown top-level key {DocText.Quote(key.Text)} (did you mean '{near}'?)"
                : $"unknown top-level key {DocText.Quote(key.Text)}: when the file has 'assignment:', 'student:' or 'answers:', " +
                  "every answer goes under 'answers:'";
            problems.Add(new(message, key.Position));
        }
    }

    private static string? ReadAssignment(DocNode.Mapping top, List<AnswerProblem> problems)
    {
        if (top.Find(AssignmentKey) is not { } node) return null;
        if (node is DocNode.Scalar { IsNull: false } scalar && !string.IsNullOrWhiteSpace(scalar.Text)) return scalar.Text.Trim();
        problems.Add(new("'assignment' must be the id of the assignment, e.g. 'assignment: rptu-dl-ex2'", node.Position));
        return null;
    }

    private static StudentIdentity? ReadStudent(DocNode.Mapping top, List<AnswerProblem> problems)
    {
        if (top.Find(StudentKey) is not { } node)
            return null;
        try
        {
            var mapping = node.RequireMapping("'student'");
            mapping.RejectUnknownKeys("'student'", StudentKeys);
            return new StudentIdentity(
                mapping.GetOptionalString("id"), mapping.GetOptionalString("name"), mapping.GetOptionalString("index"));
        }
        catch (DocumentException e)
        {
            problems.Add(new(e.Message, e.Position));
            return null;
        }
    }

    private static OrderedDictionary<string, DocNode> ReadWrappedAnswers(DocNode.Mapping top, List<AnswerProblem> problems)
    {
        var entry = top.Entries.FirstOrDefault(e => e.Key.Text == AnswersKey);
        switch (entry.Value)
        {
            case null:
                var headers = string.Join(" and ", new[] { AssignmentKey, StudentKey }.Where(k => top[k] is not null).Select(k => $"'{k}:'"));
                problems.Add(new($"the file has {headers} but no 'answers:' section, under which every answer goes", top.Position));
                return [];
            case DocNode.Scalar { IsNull: true }:
                return [];
            case DocNode.Mapping answers:
                return ReadAnswers(answers, problems);
            default:
                problems.Add(new(
                    $"'answers' must map item ids to answers (like '2.1: 42'), but it is {entry.Value.KindName}",
                    entry.Value.Position));
                return [];
        }
    }

    private static OrderedDictionary<string, DocNode> ReadAnswers(DocNode.Mapping mapping, List<AnswerProblem> problems)
    {
        var answers = new OrderedDictionary<string, DocNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            if (string.IsNullOrWhiteSpace(key.Text))
                problems.Add(new("an item id is empty", key.Position));
            else
                answers.Add(key.Text, value); // the readers already refused duplicate keys
        }
        return answers;
    }
}
