using Grader.Core.Documents;
using Grader.Core.Marking;

namespace Grader.Core.Rubrics;

/// <summary>
/// Reads a text item: its model answer, notes for the TA, and the criteria it is marked by
/// (<c>criteria: [{ description, points }]</c>, <c>scoring: positive | negative</c>).
/// </summary>
internal static class TextItemLoader
{
    public static TextCheck Read(MappingFields fields, double itemPoints)
    {
        var check = new TextCheck(fields.RequiredText("model_answer"), fields.OptionalTextList("notes"));
        var scoringNode = fields.Optional("scoring");
        var scoring = scoringNode is null ? CriteriaScoring.Positive : MappingFields.Text(scoringNode, "scoring") switch
        {
            "positive" => CriteriaScoring.Positive,
            "negative" => CriteriaScoring.Negative,
            var text => throw new DocumentException($"scoring '{text}' is not one of: positive, negative", scoringNode.Position),
        };
        var criteriaNode = fields.Optional("criteria");
        var criteria = criteriaNode is null ? [] : ReadCriteria(criteriaNode, itemPoints);
        return check with { Criteria = criteria, Scoring = scoring };
    }

    private static List<GradingCriterion> ReadCriteria(DocNode node, double itemPoints)
    {
        var criteria = new List<GradingCriterion>();
        foreach (var entry in node.RequireSequence("'criteria'").Items)
        {
            var fields = new MappingFields(entry, "a criterion");
            var description = fields.RequiredText("description").Trim();
            var pointsNode = fields.Required("points");
            var points = MappingFields.Number(pointsNode, "points");
            fields.RejectUnknownKeys();
            if (description.Length is 0 or > 500)
                throw new DocumentException("a criterion's description must have 1 to 500 characters", entry.Position);
            if (criteria.Any(c => c.Description == description))
                throw new DocumentException($"criterion '{description}' is listed twice", entry.Position);
            if (ManualScore.CriterionProblem(points, itemPoints) is { } problem)
                throw new DocumentException($"criterion '{description}': {problem}", pointsNode.Position);
            criteria.Add(new GradingCriterion(description, points));
        }
        return criteria;
    }
}
