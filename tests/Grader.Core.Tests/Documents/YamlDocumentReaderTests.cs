using Grader.Core.Documents;

namespace Grader.Core.Tests.Documents;

public class YamlDocumentReaderTests
{
    private static DocNode Read(string yaml) => YamlDocumentReader.Read(yaml, DocumentLimits.Rubric);

    private static DocumentException Fails(string yaml, DocumentLimits? limits = null) =>
        Assert.Throws<DocumentException>(() => YamlDocumentReader.Read(yaml, limits ?? DocumentLimits.Rubric));

    [Fact]
    public void Nodes_carry_one_based_line_and_column()
    {
        var root = Read("""
            title: Lab 2
            items:
              - id: 2.1
                points: [1, 2]
            """).RequireMapping("root");

        Assert.Equal(new SourcePosition(1, 1), root.Position);
        Assert.Equal(new SourcePosition(1, 1), root.Entries[0].Key.Position);
        Assert.Equal(new SourcePosition(1, 8), root["title"]!.Position);
        var items = root["items"]!.RequireSequence("items");
        Assert.Equal(new SourcePosition(3, 3), items.Position);
        var item = items.Items[0].RequireMapping("item");
        Assert.Equal(new SourcePosition(3, 5), item.Position);
        Assert.Equal(new SourcePosition(4, 5), item.Entries[1].Key.Position);
        var points = item["points"]!.RequireSequence("points");
        Assert.Equal(new SourcePosition(4, 13), points.Position);
        Assert.Equal(new SourcePosition(4, 17), points.Items[1].Position);
    }

    [Fact]
    public void Plain_scalars_keep_their_raw_text()
    {
        var root = Read("a: 2.10\nb: 1e3\nc: 0x1F\nd: yes\n").RequireMapping("root");

        Assert.Equal(["2.10", "1e3", "0x1F", "yes"], root.Entries.Select(e => ((DocNode.Scalar)e.Value).Text));
        Assert.All(root.Entries, e => Assert.False(((DocNode.Scalar)e.Value).Quoted));
    }

    [Fact]
    public void Quoted_block_and_str_tagged_scalars_are_marked_quoted()
    {
        var root = Read("""
            plain: 42
            single: '42'
            double: "42"
            tagged: !!str 42
            literal: |
              42
            other_tag: !custom 42
            """).RequireMapping("root");

        Assert.Equal(
            [false, true, true, true, true, false],
            root.Entries.Select(e => ((DocNode.Scalar)e.Value).Quoted));
        Assert.Equal("42\n", ((DocNode.Scalar)root["literal"]!).Text);
    }

    [Fact]
    public void Mapping_keys_that_look_like_numbers_stay_text()
    {
        var root = Read("2.1: a\n10.2.b: b\n3: c\n").RequireMapping("root");

        Assert.Equal(["2.1", "10.2.b", "3"], root.Keys);
    }

    [Fact]
    public void An_empty_value_is_a_null_scalar()
    {
        var value = (DocNode.Scalar)Read("a:\nb: 1\n").RequireMapping("root")["a"]!;

        Assert.True(value.IsNull);
        Assert.Equal(new SourcePosition(1, 3), value.Position);
    }

    [Fact]
    public void Comments_are_ignored()
    {
        var root = Read("# header\na: 1 # trailing\n").RequireMapping("root");

        Assert.Equal(["a"], root.Keys);
        Assert.Equal("1", root["a"]!.ToString());
    }

    [Fact]
    public void A_leading_byte_order_mark_does_not_shift_columns()
    {
        var root = Read("\uFEFFa: 1").RequireMapping("root");

        Assert.Equal(new SourcePosition(1, 4), root["a"]!.Position);
    }

    [Fact]
    public void Duplicate_keys_are_refused_at_the_second_one()
    {
        var e = Fails("a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\n");

        Assert.Equal("duplicate key 'x' (first at 3:3)", e.Message);
        Assert.Equal(new SourcePosition(5, 3), e.Position);
    }

    [Fact]
    public void Anchors_are_refused()
    {
        var e = Fails("base: &b 1\nother: 2\n");

        Assert.Equal("YAML anchors and aliases (&, *) are not allowed", e.Message);
        Assert.Equal(new SourcePosition(1, 7), e.Position);
    }

    [Fact]
    public void Billion_laughs_is_refused_at_the_first_anchor()
    {
        var lines = new List<string> { "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" };
        for (char c = 'b'; c <= 'i'; c++)
        {
            var previous = (char)(c - 1);
            lines.Add($"{c}: &{c} [{string.Join(",", Enumerable.Repeat($"*{previous}", 9))}]");
        }
        var started = DateTime.UtcNow;

        var e = Fails(string.Join("\n", lines));

        Assert.Equal("YAML anchors and aliases (&, *) are not allowed", e.Message);
        Assert.Equal(new SourcePosition(1, 4), e.Position);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Merge_keys_with_aliases_are_refused()
    {
        var e = Fails("x:\n  <<: *base\n");

        Assert.Equal("YAML anchors and aliases (&, *) are not allowed", e.Message);
        Assert.Equal(new SourcePosition(2, 7), e.Position);
    }

    [Fact]
    public void A_second_document_is_refused()
    {
        var e = Fails("a: 1\n---\nb: 2\n");

        Assert.Equal("a file may hold only one YAML document, but a second one starts here", e.Message);
        Assert.Equal(new SourcePosition(2, 1), e.Position);
    }

    [Fact]
    public void A_list_as_mapping_key_is_refused()
    {
        var e = Fails("? [a, b]\n: 1\n");

        Assert.Equal("a mapping key must be a plain name, not a list", e.Message);
        Assert.Equal(new SourcePosition(1, 3), e.Position);
    }

    [Fact]
    public void A_mapping_as_mapping_key_is_refused()
    {
        var e = Fails("{ {a: 1}: 2 }");

        Assert.Equal("a mapping key must be a plain name, not a mapping", e.Message);
        Assert.Equal(new SourcePosition(1, 3), e.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void An_empty_file_is_refused(string yaml)
    {
        var e = Fails(yaml);

        Assert.Equal("the file is empty", e.Message);
        Assert.Equal(new SourcePosition(1, 1), e.Position);
    }

    [Fact]
    public void A_lone_null_is_a_document_not_an_empty_file()
    {
        Assert.True(((DocNode.Scalar)Read("~")).IsNull);
    }

    [Fact]
    public void Syntax_errors_have_a_position_and_a_clean_message()
    {
        var e = Fails("a:\n b: 1\n  c: 2\n");

        Assert.Equal("YAML syntax error: while scanning a plain scalar value, found invalid mapping", e.Message);
        Assert.Equal(new SourcePosition(3, 4), e.Position);
        Assert.Equal("rubric.yaml:3:4: YAML syntax error: while scanning a plain scalar value, found invalid mapping",
            e.Describe("rubric.yaml"));
    }

    [Fact]
    public void An_unclosed_quote_is_a_syntax_error()
    {
        var e = Fails("x: \"unterminated\n");

        Assert.Equal("YAML syntax error: while scanning a quoted scalar, found unexpected end of stream", e.Message);
        Assert.Equal(new SourcePosition(1, 4), e.Position);
    }

    [Fact]
    public void An_unclosed_flow_list_is_a_syntax_error()
    {
        var e = Fails("a: [1, 2");

        Assert.Equal("YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'", e.Message);
        Assert.Equal(new SourcePosition(2, 1), e.Position);
    }

    [Fact]
    public void Input_that_crashes_the_yaml_library_is_still_a_positioned_syntax_error()
    {
        // YamlDotNet throws InvalidOperationException on this one.
        var e = Fails("a: [1, 2\nb: 3");

        Assert.Equal(
            "YAML syntax error: the text cannot be read here (check brackets, quotes and indentation)", e.Message);
        Assert.Equal(2, e.Position.Line);
    }
}
