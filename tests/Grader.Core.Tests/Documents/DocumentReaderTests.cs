using Grader.Core.Documents;

namespace Grader.Core.Tests.Documents;

public class DocumentReaderTests
{
    [Theory]
    [InlineData("answers.json")]
    [InlineData("ANSWERS.JSON")]
    public void Json_names_are_read_as_json(string sourceName)
    {
        // A JSON-only feature (a comment) proves which reader ran: in YAML "//" would be text.
        var node = DocumentReader.Read("[1, // one\n 2]", sourceName, DocumentLimits.Submission);

        Assert.Equal(2, node.RequireSequence("root").Items.Count);
    }

    [Theory]
    [InlineData("answers.yaml")]
    [InlineData("answers.yml")]
    [InlineData("answers")]
    public void Other_names_are_read_as_yaml(string sourceName)
    {
        var node = DocumentReader.Read("- 1\n- 2\n", sourceName, DocumentLimits.Submission);

        Assert.Equal(2, node.RequireSequence("root").Items.Count);
    }
}
