using Grader.Server.Web.Csv;

namespace Grader.Server.Tests.Web;

public sealed class CsvWriterTests
{
    private static string Write(params string[][] rows)
    {
        var csv = new CsvWriter();
        foreach (var row in rows) csv.Row(row);
        return csv.ToString();
    }

    [Fact]
    public void Plain_fields_are_written_as_they_are_and_rows_end_in_crlf()
    {
        Assert.Equal("a,b c,1.5\r\nd,,\r\n", Write(["a", "b c", "1.5"], ["d", "", ""]));
    }

    [Fact]
    public void Fields_with_a_comma_quote_or_line_break_are_quoted_with_quotes_doubled()
    {
        Assert.Equal("\"Lee, Ann\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n", Write(["Lee, Ann", "say \"hi\"", "two\nlines"]));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+49 631", "'+49 631")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("+3", "+3")]
    [InlineData("a=b", "a=b")]
    public void Fields_a_spreadsheet_would_run_as_formulas_are_neutralised_but_numbers_are_not(string field, string written)
    {
        Assert.Equal(written + "\r\n", Write([field]));
    }

    [Fact]
    public void A_neutralised_field_that_needs_quotes_is_quoted_after_the_apostrophe()
    {
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n", Write(["=HYPERLINK(\"x\",\"y\")"]));
    }
}
