using Grader.Core.Documents;

namespace Grader.Core.Tests.Documents;

public class JsonDocumentReaderTests
{
    private static DocNode Read(string json) => JsonDocumentReader.Read(json, DocumentLimits.Rubric);

    private static DocumentException Fails(string json) =>
        Assert.Throws<DocumentException>(() => JsonDocumentReader.Read(json, DocumentLimits.Rubric));

    [Fact]
    public void Nodes_carry_one_based_line_and_column()
    {
        var root = Read("""
            {
              "a": 1,
              "b": [true, "x"]
            }
            """).RequireMapping("root");

        Assert.Equal(new SourcePosition(1, 1), root.Position);
        Assert.Equal(new SourcePosition(2, 3), root.Entries[0].Key.Position);
        Assert.Equal(new SourcePosition(2, 8), root["a"]!.Position);
        var b = root["b"]!.RequireSequence("b");
        Assert.Equal(new SourcePosition(3, 8), b.Position);
        Assert.Equal(new SourcePosition(3, 9), b.Items[0].Position);
        Assert.Equal(new SourcePosition(3, 15), b.Items[1].Position);
    }

    [Fact]
    public void Columns_count_characters_not_utf8_bytes()
    {
        // "é" is two UTF-8 bytes, the emoji four bytes and two UTF-16 characters.
        var root = Read("{\"é😀\": [\"ü\", 7]}").RequireMapping("root");

        var list = root["é😀"]!.RequireSequence("list");
        Assert.Equal(new SourcePosition(1, 9), list.Position);
        Assert.Equal(new SourcePosition(1, 15), list.Items[1].Position);
    }

    [Fact]
    public void Strings_are_quoted_and_everything_else_plain()
    {
        var items = Read("""["42", 42, -1.50e3, true, false, null]""").RequireSequence("root").Items
            .Cast<DocNode.Scalar>().ToList();

        Assert.Equal(["42", "42", "-1.50e3", "true", "false", "null"], items.Select(s => s.Text));
        Assert.Equal([true, false, false, false, false, false], items.Select(s => s.Quoted));
        Assert.True(items[5].IsNull);
        Assert.True(items[3].TryGetBoolean(out var t) && t);
    }

    [Fact]
    public void Escapes_in_strings_are_decoded()
    {
        var text = (DocNode.Scalar)Read("""{"k": "a\"b\u0041\n"}""").RequireMapping("root")["k"]!;

        Assert.Equal("a\"bA\n", text.Text);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var root = Read("""
            {
              // the first answer
              "a": [1, 2,],
              /* the second */ "b": 3,
            }
            """).RequireMapping("root");

        Assert.Equal(["a", "b"], root.Keys);
        Assert.Equal(2, root["a"]!.RequireSequence("a").Items.Count);
        Assert.Equal(new SourcePosition(4, 20), root.Entries[1].Key.Position);
    }

    [Fact]
    public void Duplicate_keys_are_refused_at_the_second_one()
    {
        var e = Fails("{\"x\": 1,\n \"x\": 2}");

        Assert.Equal("duplicate key 'x' (first at 1:2)", e.Message);
        Assert.Equal(new SourcePosition(2, 2), e.Position);
    }

    [Fact]
    public void Syntax_errors_have_a_position_and_a_clean_message()
    {
        var e = Fails("{\"a\": 1,\n  \"b\": tru}");

        Assert.Equal("JSON syntax error: 'tru}' is an invalid JSON literal. Expected the literal 'true'", e.Message);
        Assert.Equal(new SourcePosition(2, 11), e.Position);
    }

    [Fact]
    public void A_missing_comma_is_reported_where_it_is_noticed()
    {
        var e = Fails("{\n  \"a\": 1\n  \"b\": 2\n}");

        Assert.StartsWith("JSON syntax error: ", e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);
        Assert.Equal(new SourcePosition(3, 3), e.Position);
    }

    [Fact]
    public void Error_columns_after_multibyte_characters_count_characters()
    {
        var e = Fails("[\"ééé\", x]");

        Assert.Equal(new SourcePosition(1, 9), e.Position);
    }

    [Fact]
    public void A_second_value_is_refused()
    {
        var e = Fails("{} {}");

        Assert.Equal("JSON syntax error: '{' is invalid after a single JSON value. Expected end of data", e.Message);
        Assert.Equal(new SourcePosition(1, 4), e.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void An_empty_file_is_refused(string json)
    {
        var e = Fails(json);

        Assert.Equal("the file is empty", e.Message);
        Assert.Equal(new SourcePosition(1, 1), e.Position);
    }

    [Fact]
    public void A_file_of_only_comments_counts_as_empty()
    {
        var e = Fails("// nothing yet\n");

        Assert.Equal("the file is empty (it has no JSON value, only comments)", e.Message);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_ignored()
    {
        var root = Read("\uFEFF{\"a\": 1}").RequireMapping("root");

        Assert.Equal(new SourcePosition(1, 7), root["a"]!.Position);
    }
}
