using System.Text;
using Grader.Core.Checking;
using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Cli.Output;

/// <summary>
/// The answers skeleton a student fills in: every item id, with its prompt, points and the
/// expected form of the answer as comments.
/// </summary>
public static class AnswerTemplate
{
    public static string Write(Rubric rubric)
    {
        var shapes = ReferenceAnswers.Compute(rubric);
        var sb = new StringBuilder();
        sb.AppendLine($"# Answers for {rubric.Id}: {rubric.Title}");
        sb.AppendLine("# Fill in every answer. Numbers and arrays as YAML lists, formulas as quoted text.");
        sb.AppendLine($"assignment: {rubric.Id}");
        sb.AppendLine("student:");
        sb.AppendLine("  id: \"\"");
        sb.AppendLine("  name: \"\"");
        if (rubric.HasVariants) sb.AppendLine("  index: \"\"    # your index number: some inputs are built from it");
        sb.AppendLine("answers:");
        foreach (var item in rubric.Items)
        {
            sb.AppendLine();
            foreach (var line in item.Prompt.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                sb.AppendLine($"  # {line.TrimEnd()}");
            sb.AppendLine($"  # {Points(item)}, {Form(item, shapes.GetValueOrDefault(item.Id))}");
            sb.AppendLine($"  {Key(item.Id)}:");
        }
        return sb.ToString();
    }

    private static string Points(RubricItem item) =>
        $"{ReportTable.Points(item.Points)} point{(item.Points == 1 ? "" : "s")}{(item.Bonus ? " (bonus)" : "")}";

    private static string Form(RubricItem item, NdArray? expected) => item.Check switch
    {
        NumericCheck numeric => (numeric.Exact ? "whole number" : "number") + (expected is null
            ? item.Kind == ItemKind.Number ? "" : $" {item.Kind.ToString().ToLowerInvariant()}"
            : expected.Rank == 0 ? "" : $"s: a {NdArray.FormatShape(expected.Shape)} {(expected.Rank == 1 ? "list" : "nested list")}"),
        FormulaCheck { IsGrid: true } grid => $"a {NdArray.FormatShape(grid.CellShape)} nested list of formulas in "
            + string.Join(", ", grid.Equivalence.Variables.Select(v => v.Name)),
        FormulaCheck formula => "a formula in " + string.Join(", ", formula.Equivalence.Variables.Select(v => v.Name))
            + (formula.Equivalence.Definitions.Count > 0 ? " (you may use " + string.Join(", ", formula.Equivalence.Definitions.Select(d => d.Name)) + ")" : ""),
        ChoiceCheck choice => "one of: " + string.Join(", ", choice.Options),
        TextCheck => "free text (graded by a TA); use | for several lines",
        ModelCheck model => $"file name of your model ({string.Join(", ", model.Requirement.Formats)}), "
            + $"{model.Requirement.Metric} >= {model.Requirement.Threshold:P0} on {model.Requirement.Dataset}",
        _ => "answer",
    };

    /// <summary>Ids are plain YAML keys unless they contain characters YAML would misread.</summary>
    private static string Key(string id) => id.Any(c => ":#{}[],&*!|>'\"%@`".Contains(c)) ? $"\"{id}\"" : id;
}
