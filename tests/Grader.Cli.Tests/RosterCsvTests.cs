using Grader.Cli.Files;

namespace Grader.Cli.Tests;

public sealed class RosterCsvTests
{
    [Fact]
    public void A_roster_with_quoted_fields_and_an_optional_index_is_read()
    {
        var (rows, error) = RosterCsv.Parse("name,id,index\r\n\"Lovelace, Ada\",s1,180577X\nAlan Turing,s2,\n");
        Assert.Null(error);
        Assert.Equal([new RosterRow("s1", "Lovelace, Ada", "180577X"), new RosterRow("s2", "Alan Turing", null)], rows);
    }

    [Theory]
    [InlineData("", "empty roster")]
    [InlineData("id,index\ns1,1\n", "id and name")]
    [InlineData("id,name\ns1,A\ns1,B\n", "appears twice")]
    [InlineData("id,name\ns1\n", "1 fields")]
    public void A_broken_roster_is_refused_with_a_reason(string text, string reason)
    {
        var (rows, error) = RosterCsv.Parse(text);
        Assert.Null(rows);
        Assert.Contains(reason, error);
    }
}
