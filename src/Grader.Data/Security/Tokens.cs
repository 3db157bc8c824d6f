using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Security;

/// <summary>Issuing and revoking API tokens. A revoked token also ends the dashboard sessions made with it.</summary>
public static class Tokens
{
    /// <summary>Revokes the still active tokens among <paramref name="tokens"/>; returns how many.</summary>
    public static async Task<int> RevokeWhereAsync(GraderDbContext db, IQueryable<ApiToken> tokens, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var active = tokens.Where(t => t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now));
        await db.DashboardSessions.Where(s => s.EndedAt == null && active.Any(t => t.Id == s.TokenId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
        return await active.ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), cancellationToken);
    }

    /// <summary>Adds a new token for the student (saved with the context); returns the token, shown once.</summary>
    public static string IssueForStudent(GraderDbContext db, Student student, DateTimeOffset? expiresAt, string label)
    {
        var token = TokenHasher.NewToken();
        db.ApiTokens.Add(new ApiToken { TokenHash = TokenHasher.Hash(token), Student = student, Label = label, ExpiresAt = expiresAt });
        return token;
    }
}
