using Grader.Core.Documents;

namespace Grader.Core.Tests.Documents;

public class DocNodeExtensionsTests
{
    private static DocNode.Mapping Item(string yaml) =>
        YamlDocumentReader.Read(yaml, DocumentLimits.Rubric).RequireMapping("item");

    [Fact]
    public void Typed_getters_read_plain_values()
    {
        var item = Item("""
            id: 2.10
            points: 2.5
            attempts: 3
            partial: true
            tags: [conv, "2"]
            """);

        Assert.Equal("2.10", item.GetString("id", "the item"));
        Assert.Equal(2.5, item.GetNumber("points", "the item"));
        Assert.Equal(3, item.GetInteger("attempts", "the item"));
        Assert.True(item.GetBool("partial", "the item"));
        Assert.Equal(["conv", "2"], item.GetStringList("tags", "the item"));
    }

    [Fact]
    public void Optional_getters_treat_missing_and_empty_alike()
    {
        var item = Item("title:\nnote: ~\n");

        Assert.Null(item.GetOptionalString("title"));
        Assert.Null(item.GetOptionalString("note"));
        Assert.Null(item.GetOptionalNumber("points"));
        Assert.Null(item.GetOptionalInteger("attempts"));
        Assert.Null(item.GetOptionalBool("partial"));
        Assert.Empty(item.GetOptionalStringList("tags"));
        Assert.Null(item.Find("title"));
    }

    [Fact]
    public void A_single_value_is_a_string_list_of_one()
    {
        Assert.Equal(["conv"], Item("tags: conv").GetStringList("tags", "the item"));
    }

    [Fact]
    public void A_missing_key_is_reported_at_the_mapping()
    {
        var e = Assert.Throws<DocumentException>(() => Item("a: 1\nb: 2\n").GetNumber("points", "item '2.1'"));

        Assert.Equal("item '2.1' is missing 'points'", e.Message);
        Assert.Equal(new SourcePosition(1, 1), e.Position);
    }

    [Fact]
    public void A_key_without_value_is_reported_at_the_key()
    {
        var e = Assert.Throws<DocumentException>(() => Item("a: 1\npoints:\n").GetNumber("points", "item '2.1'"));

        Assert.Equal("'points' of item '2.1' has no value", e.Message);
        Assert.Equal(new SourcePosition(2, 1), e.Position);
    }

    [Theory]
    [InlineData("points: abc", "'points' must be a number, got text 'abc'")]
    [InlineData("points: '3'", "'points' must be a number, got text '3'")]
    [InlineData("points: [1]", "'points' must be a number, got a list")]
    [InlineData("points: .nan", "'points' must be a finite number, got .nan")]
    public void Wrong_numbers_are_reported_at_the_value(string yaml, string message)
    {
        var e = Assert.Throws<DocumentException>(() => Item(yaml).GetNumber("points", "the item"));

        Assert.Equal(message, e.Message);
        Assert.Equal(new SourcePosition(1, 9), e.Position);
    }

    [Fact]
    public void Integers_must_be_whole()
    {
        var e = Assert.Throws<DocumentException>(() => Item("n: 2.5").GetInteger("n", "the item"));

        Assert.Equal("'n' must be a whole number, got 2.5", e.Message);
    }

    [Fact]
    public void Booleans_are_only_true_or_false()
    {
        var e = Assert.Throws<DocumentException>(() => Item("partial: yes").GetBool("partial", "the item"));

        Assert.Equal("'partial' must be true or false, got text 'yes'", e.Message);
    }

    [Fact]
    public void Text_getters_refuse_lists_and_mappings()
    {
        var e = Assert.Throws<DocumentException>(() => Item("id: {a: 1}").GetString("id", "the item"));

        Assert.Equal("'id' must be a single value, got a mapping", e.Message);
        Assert.Equal(new SourcePosition(1, 5), e.Position);
    }

    [Fact]
    public void String_list_entries_are_named_by_their_number()
    {
        var e = Assert.Throws<DocumentException>(() => Item("tags: [a, [b]]").GetStringList("tags", "the item"));

        Assert.Equal("entry 2 of 'tags' must be a single value, got a list", e.Message);
        Assert.Equal(new SourcePosition(1, 11), e.Position);
    }

    [Fact]
    public void Require_mapping_names_what_was_found()
    {
        var list = YamlDocumentReader.Read("[1, 2]", DocumentLimits.Rubric);

        var e = Assert.Throws<DocumentException>(() => list.RequireMapping("the rubric"));

        Assert.Equal("the rubric must be a mapping (key: value lines), got a list", e.Message);
    }

    [Fact]
    public void Unknown_keys_are_refused_with_a_suggestion()
    {
        var item = Item("id: a\npointz: 3\n");

        var e = Assert.Throws<DocumentException>(() => item.RejectUnknownKeys("item 'a'", "id", "points", "title"));

        Assert.Equal("unknown key 'pointz' in item 'a' (did you mean 'points'? expected one of: id, points, title)",
            e.Message);
        Assert.Equal(new SourcePosition(2, 1), e.Position);
    }

    [Fact]
    public void Unknown_keys_without_a_near_match_just_list_the_allowed_ones()
    {
        var e = Assert.Throws<DocumentException>(() => Item("colour: red").RejectUnknownKeys("the item", "id", "points"));

        Assert.Equal("unknown key 'colour' in the item (expected one of: id, points)", e.Message);
    }

    [Fact]
    public void Known_keys_pass()
    {
        Item("id: a\npoints: 1\n").RejectUnknownKeys("the item", "id", "points", "title");
    }
}
