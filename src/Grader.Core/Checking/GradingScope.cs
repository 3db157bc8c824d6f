using Grader.Core.Answers;
using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;
using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>
/// The values expressions see while one submission is graded: the rubric's inputs, the
/// per-student variant inputs, and item values by name, twice over: the reference values, and
/// the student's own values (for follow-through, an error carried forward).
/// </summary>
internal sealed class GradingScope
{
    private readonly Dictionary<string, string> _unavailable = new(StringComparer.Ordinal);

    public Scope Reference { get; private set; }
    public Scope Student { get; private set; }

    private GradingScope(Scope baseScope)
    {
        Reference = baseScope;
        Student = baseScope;
    }

    public static GradingScope Create(Rubric rubric, StudentIdentity? student)
    {
        var scope = Scope.Empty;
        foreach (var (name, value) in rubric.Inputs) scope = scope.With(name, Value.Of(value));
        var grading = new GradingScope(scope);
        grading.AddVariants(rubric.Variants, student);
        return grading;
    }

    private void AddVariants(IReadOnlyList<VariantInput> variants, StudentIdentity? student)
    {
        var identity = Reference
            .With("student_index", new Value.Text(student?.Index ?? ""))
            .With("student_id", new Value.Text(student?.Id ?? ""));
        foreach (var variant in variants)
        {
            bool needsIndex = variant.Expression.FreeVariables().Contains("student_index");
            if (needsIndex && string.IsNullOrWhiteSpace(student?.Index))
            {
                _unavailable[variant.Name] =
                    "this question uses inputs built from your index number: give it as student.index in your answers file";
                continue;
            }
            if (ExpressionEvaluator.TryEvaluate(variant.Expression, identity, StandardFunctions.Table, out var value, out var error))
            {
                Reference = Reference.With(variant.Name, value);
                Student = Student.With(variant.Name, value);
                identity = identity.With(variant.Name, value);
            }
            else
            {
                _unavailable[variant.Name] = $"your personal inputs could not be built: {error}";
            }
        }
    }

    /// <summary>Why an expression cannot be evaluated for this student, or null when it can.</summary>
    public string? WhyUnavailable(Expr expression)
    {
        foreach (var name in expression.FreeVariables())
            if (_unavailable.TryGetValue(name, out var reason)) return reason;
        return null;
    }

    /// <summary>
    /// Records an item's values under its name for later items: the reference value, and the
    /// student's own (the reference where the student gave none, so follow-through can only help).
    /// Without a reference value the name becomes unavailable, with <paramref name="whyUnavailable"/>.
    /// </summary>
    public void Remember(string name, NdArray? reference, NdArray? student, string whyUnavailable)
    {
        if (reference is null)
        {
            MarkUnavailable(name, whyUnavailable);
            return;
        }
        Reference = Reference.With(name, Value.Of(reference));
        Student = Student.With(name, Value.Of(student ?? reference));
    }

    /// <summary>Marks an item's value as unknown, so that items built on it report why.</summary>
    public void MarkUnavailable(string name, string reason) => _unavailable.TryAdd(name, reason);
}
