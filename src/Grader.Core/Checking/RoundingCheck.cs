using System.Globalization;
using Grader.Core.Answers;
using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>
/// For <c>grader check</c>: numeric items whose tolerance would refuse an answer rounded to
/// <see cref="Tolerance.RoundingFigures"/> significant figures, the way students write numbers.
/// Per-student variants are sampled (index numbers of six digits and a letter, as the sheets
/// use), because one student's reference may round badly where another's does not.
/// </summary>
public static class RoundingCheck
{
    private const int SampledStudents = 100;

    /// <summary>One warning per affected item, in rubric order, naming the value and the student.</summary>
    public static IReadOnlyList<string> Find(Rubric rubric)
    {
        var warnings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var student in Students(rubric))
        {
            var values = ReferenceAnswers.Compute(rubric, student);
            foreach (var item in rubric.Items)
            {
                if (item.Check is not NumericCheck { Exact: false } check || warnings.ContainsKey(item.Id)
                    || !values.TryGetValue(item.Id, out var expected)) continue;
                if (Refused(expected, check.Tolerance) is { } value)
                    warnings[item.Id] = $"{item.Id}: its tolerance ({check.Tolerance}) refuses "
                        + $"{Number(Tolerance.Round(value))}, the {Tolerance.RoundingFigures}-significant-figure rounding of "
                        + $"{Number(value)}{(student?.Index is { } index ? $" (index {index})" : "")}";
            }
        }
        return rubric.Items.Where(i => warnings.ContainsKey(i.Id)).Select(i => warnings[i.Id]).ToList();
    }

    private static double? Refused(NdArray expected, Tolerance tolerance)
    {
        foreach (double value in expected.Data)
            if (!tolerance.Accepts(value, Tolerance.Round(value))) return value;
        return null;
    }

    /// <summary>No student without variants; else the sheets' example index and a fixed random sample.</summary>
    private static IEnumerable<StudentIdentity?> Students(Rubric rubric)
    {
        if (!rubric.HasVariants)
        {
            yield return null;
            yield break;
        }
        yield return new StudentIdentity("s0000000", null, "180577X");
        var random = new Random(20240917);
        for (int i = 1; i < SampledStudents; i++)
        {
            string digits = random.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            yield return new StudentIdentity($"s{i:D7}", null, digits + (char)('A' + random.Next(26)));
        }
    }

    private static string Number(double value) => NdArrayFormatter.FormatNumber(value);
}
