using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>
/// Grades one answers file against one rubric: every item gets a mark, whatever the answers
/// contain. A broken answer costs that item only; nothing here throws for student input.
/// </summary>
public static class SubmissionGrader
{
    public static GradeReport Grade(Rubric rubric, AnswerFile answers, StudentIdentity? student = null)
    {
        student ??= answers.Student;
        if (AssignmentMatch.Problem(rubric, answers) is { } wrongFile)
            return new GradeReport(rubric.Id, rubric.ContentHash, student, rubric.Items
                .Select(i => new ItemResult(i.Id, 0, i.Points, i.Bonus, MarkStatus.Invalid, $"Your answers file was not graded: {wrongFile}."))
                .ToList(), [wrongFile]);
        var scope = GradingScope.Create(rubric, student);
        var results = new List<ItemResult>(rubric.Items.Count);
        foreach (var item in rubric.Items)
        {
            var outcome = GradeItem(item, answers.Answers.GetValueOrDefault(item.Id), scope);
            results.Add(outcome.Result);
            if (item.Name is { } name) scope.Remember(name, outcome.ReferenceValue, outcome.StudentValue, outcome.Result.Feedback);
        }
        var warnings = answers.Answers.Keys
            .Where(id => rubric.FindItem(id) is null)
            .Select(id => $"'{id}' is not an item of {rubric.Id}; it was ignored")
            .ToList();
        return new GradeReport(rubric.Id, rubric.ContentHash, student, results, warnings);
    }

    private static ItemOutcome GradeItem(RubricItem item, DocNode? answer, GradingScope scope)
    {
        if (answer is null || answer is DocNode.Scalar { IsNull: true })
            return Missing(item, scope);
        try
        {
            return item.Check switch
            {
                NumericCheck numeric => NumericChecker.Check(item, numeric, answer, scope),
                FormulaCheck formula => FormulaChecker.Check(item, formula, answer, scope),
                ChoiceCheck choice => ChoiceChecker.Check(item, choice, answer),
                TextCheck => ItemOutcome.Of(item, 0, MarkStatus.PendingManual, "Awaiting grading by a TA.",
                    new ItemDetails(null, AnswerValues.ToText(answer).Value)),
                ModelCheck model => ModelPending(item, model, answer),
                _ => throw new InvalidOperationException($"no checker for {item.Check.GetType().Name}"),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A checker bug must cost one item, not the whole submission: staff see the Error status.
            return ItemOutcome.Of(item, 0, MarkStatus.Error, $"This answer could not be checked ({e.Message}); staff have been told.");
        }
    }

    private static ItemOutcome ModelPending(RubricItem item, ModelCheck model, DocNode answer)
    {
        var (modelAnswer, error, _) = ModelAnswerReader.Read(answer);
        return modelAnswer is null
            ? ItemOutcome.Of(item, 0, MarkStatus.Invalid, $"Your answer could not be read: {error}.")
            : ItemOutcome.Of(item, 0, MarkStatus.PendingModel, $"Awaiting evaluation on the {model.Requirement.Dataset} test set.",
                new ItemDetails(null, modelAnswer.File));
    }

    /// <summary>A missing answer scores 0, but later items still need this item's reference value.</summary>
    private static ItemOutcome Missing(RubricItem item, GradingScope scope)
    {
        var outcome = ItemOutcome.Of(item, 0, MarkStatus.Missing,
            item.Kind == ItemKind.Model ? "No model file was submitted for this item." : "No answer given.");
        return item.Check is NumericCheck numeric
            ? outcome with { ReferenceValue = ExpectedValues.TryCompute(numeric.Expected, scope.Reference, out _) }
            : outcome;
    }
}
