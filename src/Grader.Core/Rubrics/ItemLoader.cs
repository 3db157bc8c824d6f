using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>Reads one entry of <c>items:</c>: the fields every kind has, then the kind's own.</summary>
internal static class ItemLoader
{
    public static RubricItem Read(DocNode node, ItemDefaults defaults, RubricSymbols symbols)
    {
        var fields = new MappingFields(node, "an item");
        var idNode = fields.Required("id");
        var id = MappingFields.Text(idNode, "id");
        try
        {
            return ReadFields(fields, id, defaults, symbols);
        }
        catch (DocumentException e) when (!e.Message.StartsWith("item ", StringComparison.Ordinal))
        {
            throw new DocumentException($"item {id}: {e.Message}", e.Position);
        }
    }

    private static RubricItem ReadFields(MappingFields fields, string id, ItemDefaults defaults, RubricSymbols symbols)
    {
        var nameNode = fields.Optional("name");
        var name = nameNode is null ? null : MappingFields.Text(nameNode, "name");
        if (name is not null) RubricSymbols.RequireIdentifier(name, nameNode!.Position);
        var prompt = fields.OptionalText("prompt") ?? "";
        var pointsNode = fields.Required("points");
        var points = MappingFields.Number(pointsNode, "points");
        if (points <= 0) throw new DocumentException("'points' must be positive", pointsNode.Position);
        var bonus = fields.OptionalBool("bonus", false);
        var kindNode = fields.Required("kind");
        var kind = ParseKind(kindNode);
        var feedback = ReadFeedback(fields.Optional("feedback"));

        ItemCheck check = kind switch
        {
            ItemKind.Number or ItemKind.Vector or ItemKind.Matrix or ItemKind.Tensor or ItemKind.Integer
                => NumericItemLoader.Read(fields, kind, defaults, symbols),
            ItemKind.Formula => FormulaItemLoader.Read(fields, id, defaults, symbols),
            ItemKind.Choice => ReadChoice(fields),
            ItemKind.Text => TextItemLoader.Read(fields, points),
            ItemKind.Model => ModelItemLoader.Read(fields.Required("model")),
            _ => throw new InvalidOperationException(),
        };
        var dependsOn = check is NumericCheck { Expected: ExpectedValue.Computed computed } ? symbols.ItemsUsedBy(computed.Expression) : [];
        var followThroughNode = fields.Optional("follow_through");
        var followThrough = ItemDefaults.ReadFactor(followThroughNode, "follow_through", defaults.FollowThrough);
        if (followThrough is not null && dependsOn.Count == 0)
            throw new DocumentException("'follow_through' needs an expected expression that uses an earlier item's name",
                followThroughNode!.Position);
        fields.RejectUnknownKeys();
        return new RubricItem(id, name, prompt, points, bonus, kind, feedback, check)
        {
            DependsOn = dependsOn,
            FollowThrough = followThrough,
        };
    }

    private static ItemKind ParseKind(DocNode node)
    {
        var text = MappingFields.Text(node, "kind");
        return Enum.TryParse<ItemKind>(text, ignoreCase: true, out var kind) && text.All(char.IsLower)
            ? kind
            : throw new DocumentException(
                $"unknown kind '{text}' (expected one of: {string.Join(", ", Enum.GetNames<ItemKind>().Select(n => n.ToLowerInvariant()))})",
                node.Position);
    }

    private static ItemFeedback ReadFeedback(DocNode? node)
    {
        if (node is null) return ItemFeedback.None;
        var fields = new MappingFields(node, "'feedback'");
        var feedback = new ItemFeedback(fields.OptionalText("correct"), fields.OptionalText("incorrect"));
        fields.RejectUnknownKeys();
        return feedback;
    }

    private static ChoiceCheck ReadChoice(MappingFields fields)
    {
        var options = fields.OptionalTextList("options");
        if (options.Count < 2) throw new DocumentException("a choice item needs at least two 'options'", fields.Position);
        var expectedNode = fields.Required("expected");
        var expected = fields.OptionalTextList("expected");
        foreach (var choice in expected)
            if (!options.Contains(choice))
                throw new DocumentException($"expected '{choice}' is not one of the options", expectedNode.Position);
        return new ChoiceCheck(options, expected);
    }
}
