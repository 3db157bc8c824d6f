using Grader.Data.Forges;

namespace Grader.Data.Tests.Forges;

public sealed class RepoRefTests
{
    [Theory]
    [InlineData("alice-gh/hw2", "alice-gh", "hw2")]
    [InlineData("Org-1/My.Repo_2-x", "Org-1", "My.Repo_2-x")]
    [InlineData("a/.github", "a", ".github")]
    public void GitHub_names_parse(string text, string owner, string name) => Assert.Equal(new RepoRef(owner, name), RepoRef.Parse(text));

    [Theory]
    [InlineData("alice-gh/..")]
    [InlineData("alice-gh/.")]
    [InlineData("alice-gh/x?y#z")]
    [InlineData("alice-gh/a b")]
    [InlineData("alice-gh/")]
    [InlineData("/repo")]
    [InlineData("a/b/c")]
    [InlineData("-alice/repo")]
    [InlineData("alice-/repo")]
    [InlineData("al--ice/repo")]
    [InlineData("al_ice/repo")]
    [InlineData("alice/ré")]
    public void Names_GitHub_would_not_accept_are_refused(string text) => Assert.Throws<FormatException>(() => RepoRef.Parse(text));

    [Fact]
    public void Lengths_are_GitHubs_39_for_an_owner_and_100_for_a_name()
    {
        Assert.NotNull(RepoRef.Parse(new string('a', 39) + "/" + new string('r', 100)));
        Assert.Throws<FormatException>(() => RepoRef.Parse(new string('a', 40) + "/r"));
        Assert.Throws<FormatException>(() => RepoRef.Parse("a/" + new string('r', 101)));
        var huge = Assert.Throws<FormatException>(() => RepoRef.Parse("a/" + new string('r', 5000)));
        Assert.True(huge.Message.Length < 400, "the message quotes a bounded part of the name");
    }
}
