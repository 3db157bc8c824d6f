using Grader.Core.Checking;
using Grader.Core.Documents;
using Grader.Core.Rubrics;

namespace Grader.Cli.Checks;

/// <summary>
/// One entry of a reference folder's <c>cases.yaml</c>: an answers file and the marks it must
/// get. <c>full</c> means every auto-graded item at full points; otherwise the listed items get
/// exactly the listed points and every other auto-graded item full points.
/// </summary>
public sealed record ReferenceCase(string File, bool Full, IReadOnlyDictionary<string, double> Items)
{
    public const double PointsSlack = 0.01;

    public static IReadOnlyList<ReferenceCase> Parse(string yaml, string sourceName)
    {
        var root = DocumentReader.Read(yaml, sourceName, DocumentLimits.Rubric) as DocNode.Mapping
            ?? throw new DocumentException("cases.yaml must map answer files to their expected marks", new SourcePosition(1, 1));
        return root.Entries.Select(entry => entry.Value switch
        {
            DocNode.Scalar { Text: "full" } => new ReferenceCase(entry.Key.Text, true, new Dictionary<string, double>()),
            DocNode.Mapping mapping when mapping["items"] is DocNode.Mapping items => new ReferenceCase(entry.Key.Text, false,
                items.Entries.ToDictionary(e => e.Key.Text, e => Number(e.Value))),
            var other => throw new DocumentException($"'{entry.Key.Text}': expected 'full' or a mapping with 'items'", other.Position),
        }).ToList();
    }

    /// <summary>Every way the report departs from this case, one line each; empty when it matches.</summary>
    public IReadOnlyList<string> Mismatches(Rubric rubric, GradeReport report)
    {
        var problems = Items.Keys.Where(id => rubric.FindItem(id) is null)
            .Select(id => $"cases.yaml names item '{id}', which the rubric does not have").ToList();
        foreach (var item in rubric.Items.Where(i => i.IsAutoGraded))
        {
            var result = report[item.Id]!;
            double expected = Items.TryGetValue(item.Id, out var listed) ? listed : item.Points;
            if (Math.Abs(result.Points - expected) > PointsSlack)
                problems.Add($"{item.Id}: expected {Format(expected)} points, got {Format(result.Points)} ({result.Status}: {result.Feedback})");
        }
        return problems;
    }

    private static double Number(DocNode node) =>
        node is DocNode.Scalar scalar && scalar.TryGetNumber(out var value)
            ? value
            : throw new DocumentException("expected points as a number", node.Position);

    private static string Format(double points) => Output.ReportTable.Points(points);
}
