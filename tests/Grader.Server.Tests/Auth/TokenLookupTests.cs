using Grader.Data.Security;
using Grader.Server.Auth;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Auth;

public sealed class TokenLookupTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync() => await Seed.RubricAsync(database, "ai6126-hw1", "ai6126");

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A lookup that remembers, as it does while credential changes are listened for.</summary>
    private TokenLookup Lookup()
    {
        var lookup = new TokenLookup(database.Contexts, TimeProvider.System);
        lookup.SetCaching(true);
        return lookup;
    }

    [Fact]
    public async Task A_students_token_finds_the_student_and_their_course()
    {
        var issued = await Seed.StudentAsync(database, "ai6126", "s-find", "180577X");
        var caller = await Lookup().FindAsync(issued.Token, CancellationToken.None);
        Assert.Equal((CallerKind.Student, issued.PersonId, "ai6126", "180577X"), (caller!.Kind, caller.PersonId, caller.CourseId, caller.IndexNumber));
    }

    [Fact]
    public async Task A_found_token_is_answered_from_memory_without_the_database()
    {
        var issued = await Seed.StudentAsync(database, "ai6126", "s-cached");
        var lookup = Lookup();
        Assert.NotNull(await lookup.FindAsync(issued.Token, CancellationToken.None));
        await using (var db = await database.OpenAsync())
            await db.ApiTokens.Where(t => t.StudentId == issued.PersonId).ExecuteDeleteAsync();

        Assert.NotNull(await lookup.FindAsync(issued.Token, CancellationToken.None));
        Assert.Null(await Lookup().FindAsync(issued.Token, CancellationToken.None));
    }

    [Fact]
    public async Task Nothing_is_remembered_while_credential_changes_are_not_listened_for_or_after_one_arrives()
    {
        var issued = await Seed.StudentAsync(database, "ai6126", "s-forget");
        var lookup = new TokenLookup(database.Contexts, TimeProvider.System);
        Assert.NotNull(await lookup.FindAsync(issued.Token, CancellationToken.None));
        await using (var db = await database.OpenAsync())
            await db.ApiTokens.Where(t => t.StudentId == issued.PersonId).ExecuteDeleteAsync();
        Assert.Null(await lookup.FindAsync(issued.Token, CancellationToken.None));

        var other = await Seed.StudentAsync(database, "ai6126", "s-forget2");
        var caching = Lookup();
        Assert.NotNull(await caching.FindAsync(other.Token, CancellationToken.None));
        await using (var db = await database.OpenAsync())
            await db.ApiTokens.Where(t => t.StudentId == other.PersonId).ExecuteDeleteAsync();
        caching.Forget();
        Assert.Null(await caching.FindAsync(other.Token, CancellationToken.None));
    }

    [Fact]
    public async Task A_removed_students_token_is_refused()
    {
        var issued = await Seed.StudentAsync(database, "ai6126", "s-removed");
        var outcome = await Grader.Data.Admin.PeopleDirectory.RemoveStudentAsync(database.Contexts, "ai6126", "s-removed", CancellationToken.None);
        Assert.Contains("1 token revoked", outcome.Lines[0]);
        Assert.Null(await Lookup().FindAsync(issued.Token, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_token_is_not_remembered_so_it_works_as_soon_as_it_is_issued()
    {
        var lookup = Lookup();
        var token = TokenHasher.NewToken();
        Assert.Null(await lookup.FindAsync(token, CancellationToken.None));
        var issued = await Seed.StudentAsync(database, "ai6126", "s-late");
        await using (var db = await database.OpenAsync())
        {
            var row = await db.ApiTokens.SingleAsync(t => t.StudentId == issued.PersonId);
            row.TokenHash = TokenHasher.Hash(token);
            await db.SaveChangesAsync();
        }
        Assert.NotNull(await lookup.FindAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task Revoked_and_expired_tokens_are_refused()
    {
        var revoked = await Seed.StudentAsync(database, "ai6126", "s-revoked");
        var expired = await Seed.StudentAsync(database, "ai6126", "s-expired");
        await using (var db = await database.OpenAsync())
        {
            await db.ApiTokens.Where(t => t.StudentId == revoked.PersonId).ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, DateTimeOffset.UtcNow));
            await db.ApiTokens.Where(t => t.StudentId == expired.PersonId).ExecuteUpdateAsync(t => t.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }
        var lookup = Lookup();
        Assert.Null(await lookup.FindAsync(revoked.Token, CancellationToken.None));
        Assert.Null(await lookup.FindAsync(expired.Token, CancellationToken.None));
    }
}
