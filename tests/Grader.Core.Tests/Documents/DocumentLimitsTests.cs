using System.Diagnostics;
using Grader.Core.Documents;

namespace Grader.Core.Tests.Documents;

/// <summary>Hostile inputs, through both readers: each must fail fast, with the limit and a position.</summary>
public class DocumentLimitsTests
{
    private static readonly DocumentLimits Small = new(MaxBytes: 1000, MaxDepth: 3, MaxNodes: 10, MaxScalarLength: 5);

    private static DocumentException Fails(string text, string sourceName, DocumentLimits limits) =>
        Assert.Throws<DocumentException>(() => DocumentReader.Read(text, sourceName, limits));

    [Fact]
    public void Presets_have_the_documented_sizes()
    {
        Assert.Equal(new DocumentLimits(4 * 1024 * 1024, 64, 1_000_000, 65536), DocumentLimits.Rubric);
        Assert.Equal(new DocumentLimits(1024 * 1024, 16, 200_000, 8192), DocumentLimits.Submission);
    }

    [Theory]
    [InlineData("a.yaml")]
    [InlineData("a.json")]
    public void Ten_thousand_nested_brackets_are_refused_at_the_depth_limit(string sourceName)
    {
        var watch = Stopwatch.StartNew();

        var e = Fails(new string('[', 10_000), sourceName, DocumentLimits.Submission);

        Assert.Equal("lists and mappings are nested more than 16 levels deep (the limit)", e.Message);
        Assert.Equal(new SourcePosition(1, 17), e.Position);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("a.yaml", "[[[[1]]]]", 1, 4)]
    [InlineData("a.json", "[[[[1]]]]", 1, 4)]
    [InlineData("a.yaml", "a:\n  b:\n    c:\n      d: 1\n", 4, 7)]
    public void Depth_counts_lists_and_mappings(string sourceName, string text, int line, int column)
    {
        var e = Fails(text, sourceName, Small);

        Assert.Equal("lists and mappings are nested more than 3 levels deep (the limit)", e.Message);
        Assert.Equal(new SourcePosition(line, column), e.Position);
    }

    [Theory]
    [InlineData("a.yaml", "[[[1]]]")]
    [InlineData("a.json", "[[[1]]]")]
    public void Nesting_at_the_limit_is_fine(string sourceName, string text)
    {
        Assert.IsType<DocNode.Sequence>(DocumentReader.Read(text, sourceName, Small));
    }

    [Theory]
    [InlineData("a.yaml", "[1, 22, 333, 4444, 55555, 666666]", 27)]
    [InlineData("a.json", "[1, 22, 333, 4444, 55555, \"666666\"]", 27)]
    [InlineData("a.json", "{\"666666\": 1}", 2)]
    public void Long_scalars_are_refused(string sourceName, string text, int column)
    {
        var e = Fails(text, sourceName, Small);

        Assert.Equal("this value is 6 characters long, more than the limit of 5", e.Message);
        Assert.Equal(new SourcePosition(1, column), e.Position);
    }

    [Theory]
    [InlineData("a.yaml", "a: [1, 2, 3]\nb: [4, 5, 6]\n", 2, 11)]
    [InlineData("a.json", "{\"a\": [1, 2, 3],\n\"b\": [4, 5, 6]}", 2, 13)]
    public void Node_counts_include_keys_lists_and_mappings(string sourceName, string text, int line, int column)
    {
        // mapping, a, list, 1, 2, 3, b, list, 4, 5 = 10 nodes; 6 is the eleventh.
        var e = Fails(text, sourceName, Small);

        Assert.Equal("the file has more than 10 values (the limit on nodes)", e.Message);
        Assert.Equal(new SourcePosition(line, column), e.Position);
    }

    [Theory]
    [InlineData("a.yaml")]
    [InlineData("a.json")]
    public void Oversized_input_is_refused_before_parsing(string sourceName)
    {
        var e = Fails("[" + new string(' ', 1000) + "]", sourceName, Small);

        Assert.Equal("the file is too large (1002 bytes; the limit is 1000 bytes)", e.Message);
        Assert.Equal(new SourcePosition(1, 1), e.Position);
    }

    [Fact]
    public void Size_is_measured_in_utf8_bytes()
    {
        // 499 "é" are 499 characters but 998 bytes; with brackets and quotes, 1002 bytes.
        var text = "[\"" + new string('é', 499) + "\"]";

        var e = Fails(text, "a.json", Small with { MaxScalarLength = 1000 });

        Assert.Equal("the file is too large (1002 bytes; the limit is 1000 bytes)", e.Message);
    }

    [Fact]
    public void Sizes_are_shown_in_readable_units()
    {
        var e = Fails(new string(' ', 1_572_864), "a.yaml", DocumentLimits.Submission);

        Assert.Equal("the file is too large (1.5 MiB; the limit is 1 MiB)", e.Message);
    }

    [Fact]
    public void A_huge_scalar_in_a_submission_is_refused()
    {
        var e = Fails("answer: " + new string('x', 100_000), "a.yaml", DocumentLimits.Submission);

        Assert.Equal("this value is 100000 characters long, more than the limit of 8192", e.Message);
        Assert.Equal(new SourcePosition(1, 9), e.Position);
    }
}
