using System.Text;
using Grader.Server.Forges;
using Grader.Server.Forges.GitHub;

namespace Grader.Server.Tests.Forges;

public sealed class WebhookSignatureTests
{
    // GitHub's documented example ("Validating webhook deliveries").
    private const string DocSecret = "It's a Secret to Everybody";
    private const string DocSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    [Fact]
    public void GitHubs_documented_example_verifies()
    {
        var body = Encoding.UTF8.GetBytes("Hello, World!");
        Assert.Equal(DocSignature, WebhookSignature.Sign(DocSecret, body));
        Assert.True(WebhookSignature.Verify(DocSecret, body, DocSignature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea")]
    public void Anything_else_is_refused(string? header) =>
        Assert.False(WebhookSignature.Verify(DocSecret, Encoding.UTF8.GetBytes("Hello, World!"), header));

    [Theory]
    [InlineData("hw2-{github_user}", "hw2-alice", "alice")]
    [InlineData("hw2-{github_user}", "HW2-Alice-Smith", "alice-smith")]
    [InlineData("{github_user}-ex2", "bob-ex2", "bob")]
    [InlineData("hw2-{github_user}", "hw3-alice", null)]
    [InlineData("hw2-{github_user}", "hw2-", null)]
    [InlineData("hw2-{github_user}", "hw2-a.b", null)]
    public void A_classroom_pattern_finds_the_login_in_the_repository_name(string pattern, string repo, string? login) =>
        Assert.Equal(login, ForgePushIntake.MatchLogin(pattern, repo.ToLowerInvariant()));
}
