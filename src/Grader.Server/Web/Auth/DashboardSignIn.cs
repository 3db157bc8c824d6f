using System.Net;
using Grader.Data;
using Grader.Data.Security;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Web.Auth;

/// <summary>The answer to a sign-in: who, or why not.</summary>
public sealed record SignInAttempt(SignInOutcome Outcome, SignedIn? Who = null);

public enum SignInOutcome
{
    SignedIn,
    /// <summary>Wrong login, password or token: all the same to the user.</summary>
    Refused,
    /// <summary>Too many failed tries for this account or from this address; wait.</summary>
    Throttled,
    /// <summary>Too many password checks running at once; try again in a moment.</summary>
    Busy,
}

/// <summary>Checks dashboard credentials: a staff login with password, or a student's API token (see <see cref="SignInGuard"/>).</summary>
public sealed class DashboardSignIn(IDbContextFactory<GraderDbContext> contexts, SignInGuard guard, PasswordCheck passwords, TimeProvider time)
{
    /// <summary>Checked for an unknown login, so that it costs as much as a wrong password.</summary>
    private static readonly Lazy<string> DummyHash = new(() => PasswordHasher.Hash("no such user, no such password"));

    public async Task<SignInAttempt> StaffAsync(string login, string password, IPAddress? address, CancellationToken cancellationToken)
    {
        if (guard.IsThrottled(login, address)) return new(SignInOutcome.Throttled);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.StaffAccounts.AsNoTracking().Where(a => a.Login == login)
            .Select(a => new { a.Id, a.PasswordHash, Courses = a.Memberships.Count(m => m.RemovedAt == null) })
            .FirstOrDefaultAsync(cancellationToken);
        using var slot = await guard.HashSlotAsync(cancellationToken);
        if (!slot.IsAcquired) return new(SignInOutcome.Busy);
        bool verified = passwords.Verify(password, account?.PasswordHash ?? DummyHash.Value) && account?.PasswordHash is not null;
        // A person removed from every course signs in to nothing: refused like a wrong password.
        if (!verified || account!.Courses == 0)
        {
            guard.RecordFailure(login, address);
            return new(SignInOutcome.Refused);
        }
        return new(SignInOutcome.SignedIn, SignedIn.Staff(account.Id));
    }

    /// <summary>The student owning this (unrevoked, unexpired) token, if they are still on their course.</summary>
    public async Task<SignInAttempt> StudentAsync(string token, IPAddress? address, CancellationToken cancellationToken)
    {
        if (guard.IsThrottled(null, address)) return new(SignInOutcome.Throttled);
        token = token.Trim();
        var hash = TokenHasher.Hash(token);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = token.Length is 0 or > 200
            ? null
            : await db.ApiTokens.AsNoTracking()
                .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.Student != null && t.Student.RemovedAt == null
                    && (t.ExpiresAt == null || t.ExpiresAt > now))
                .Select(t => new { t.Id, StudentId = t.StudentId!.Value })
                .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            guard.RecordFailure(null, address);
            return new(SignInOutcome.Refused);
        }
        return new(SignInOutcome.SignedIn, SignedIn.StudentWith(found.StudentId, found.Id));
    }
}
