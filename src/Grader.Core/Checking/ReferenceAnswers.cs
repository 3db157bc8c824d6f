using Grader.Core.Answers;
using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>
/// The expected value of every numeric item for one student (or for no student, where the
/// rubric has no per-student variants): for answer templates and staff views.
/// </summary>
public static class ReferenceAnswers
{
    public static IReadOnlyDictionary<string, NdArray> Compute(Rubric rubric, StudentIdentity? student = null)
    {
        var scope = GradingScope.Create(rubric, student);
        var values = new Dictionary<string, NdArray>(StringComparer.Ordinal);
        foreach (var item in rubric.Items)
        {
            if (item.Check is not NumericCheck numeric) continue;
            var value = ExpectedValues.TryCompute(numeric.Expected, scope.Reference, out _);
            if (value is not null) values[item.Id] = value;
            if (item.Name is { } name) scope.Remember(name, value, value, $"{item.Id} could not be computed");
        }
        return values;
    }
}
