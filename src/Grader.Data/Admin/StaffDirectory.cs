using Grader.Data.Entities;
using Grader.Data.Security;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Admin;

/// <summary>What an admin operation did, in sentences for the operator; a token only where one was issued (shown once).</summary>
public sealed record AdminOutcome(bool Ok, IReadOnlyList<string> Lines, string? Token = null)
{
    public static AdminOutcome Done(params string[] lines) => new(true, lines);
    public static AdminOutcome Refused(string reason) => new(false, [reason]);
}

/// <summary>
/// Staff: one account per person (login, name, password, staff token) and explicit memberships of
/// courses, each with a role. Every operation changes one thing and says so: adding someone to a
/// course never touches their password or their role elsewhere, and a password or role changes
/// only when asked for by name.
/// </summary>
public static class StaffDirectory
{
    /// <summary>
    /// Adds <paramref name="login"/> to the course with <paramref name="role"/>, creating the account
    /// when new (with <paramref name="password"/>, if given). An existing account keeps its name and
    /// password; a password given for one is refused rather than silently applied.
    /// </summary>
    public static async Task<AdminOutcome> AddAsync(IDbContextFactory<GraderDbContext> contexts, string courseId, string login,
        string? name, string role, string? password, CancellationToken cancellationToken)
    {
        if (!StaffRoles.IsValid(role)) return AdminOutcome.Refused($"the role must be {StaffRoles.Instructor} or {StaffRoles.Ta}, not '{role}'");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await FindAsync(db, login, cancellationToken);
        var lines = new List<string>();
        if (account is null)
        {
            // Only new logins are checked: accounts carried over from before keep theirs.
            if (LoginProblem(login) is { } problem) return AdminOutcome.Refused(problem);
            account = new StaffAccount { Login = login, Name = name ?? login, PasswordHash = password is null ? null : PasswordHasher.Hash(password) };
            db.StaffAccounts.Add(account);
            lines.Add($"created staff account {login} ({account.Name}), {(password is null ? "no password yet (token only)" : "password set")}");
        }
        else
        {
            if (password is not null)
                return AdminOutcome.Refused($"{Describe(account)} already exists; 'add' never changes a password: " +
                    $"use 'grader admin staff password {login}' to change it");
            if (name is not null && name != account.Name) lines.Add($"{login} keeps the name '{account.Name}' (the account exists)");
        }

        var membership = account.Memberships.FirstOrDefault(m => m.CourseId == courseId);
        if (membership is { RemovedAt: null })
        {
            if (membership.Role != role)
                return AdminOutcome.Refused($"{login} is {membership.Role} of {courseId}; change the role explicitly with " +
                    $"'grader admin staff role {courseId} {login} {role}'");
            lines.Add($"{login} is already {role} of {courseId}; nothing changed");
            return new AdminOutcome(true, lines);
        }
        if (membership is null)
        {
            account.Memberships.Add(new StaffMember { CourseId = courseId, ExternalId = login, Name = account.Name, Role = role });
            lines.Add($"{login} added to {courseId} as {role}");
        }
        else
        {
            membership.RemovedAt = null;
            membership.Role = role;
            lines.Add($"{login} added back to {courseId} as {role}");
        }
        var elsewhere = account.Memberships.Where(m => m.CourseId != courseId && m.RemovedAt is null).Select(m => $"{m.Role} of {m.CourseId}").ToList();
        if (elsewhere.Count > 0) lines.Add($"{login} is also {string.Join(", ", elsewhere)} (unchanged)");
        await db.SaveChangesAsync(cancellationToken);
        return new AdminOutcome(true, lines);
    }

    /// <summary>Changes the person's password (all their courses) and ends every dashboard session they have.</summary>
    public static async Task<AdminOutcome> SetPasswordAsync(IDbContextFactory<GraderDbContext> contexts, string login, string password,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, login, cancellationToken) is not { } account) return NoSuchAccount(login);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        account.PasswordHash = PasswordHasher.Hash(password);
        await db.SaveChangesAsync(cancellationToken);
        int ended = await Sessions.EndForStaffAsync(db, account.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done($"password of {Describe(account)} changed; {Plural(ended, "dashboard session")} ended");
    }

    public static async Task<AdminOutcome> SetRoleAsync(IDbContextFactory<GraderDbContext> contexts, string courseId, string login,
        string role, CancellationToken cancellationToken)
    {
        if (!StaffRoles.IsValid(role)) return AdminOutcome.Refused($"the role must be {StaffRoles.Instructor} or {StaffRoles.Ta}, not '{role}'");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, login, cancellationToken) is not { } account) return NoSuchAccount(login);
        if (account.Memberships.FirstOrDefault(m => m.CourseId == courseId && m.RemovedAt is null) is not { } membership)
            return AdminOutcome.Refused($"{login} is not staff of {courseId}; add them with 'grader admin staff add {courseId} {login} --role {role}'");
        if (membership.Role == role) return AdminOutcome.Done($"{login} is already {role} of {courseId}; nothing changed");
        var before = membership.Role;
        membership.Role = role;
        await db.SaveChangesAsync(cancellationToken);
        // Pages and the API read memberships on every request: the new role applies at once.
        return AdminOutcome.Done($"{login}: role in {courseId} changed from {before} to {role}");
    }

    /// <summary>Ends the membership (kept for the audit trail); the person keeps their other courses.</summary>
    public static async Task<AdminOutcome> RemoveAsync(IDbContextFactory<GraderDbContext> contexts, string courseId, string login,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, login, cancellationToken) is not { } account) return NoSuchAccount(login);
        if (account.Memberships.FirstOrDefault(m => m.CourseId == courseId && m.RemovedAt is null) is not { } membership)
            return AdminOutcome.Done($"{login} is not staff of {courseId}; nothing changed");
        membership.RemovedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        var left = account.Memberships.Where(m => m.RemovedAt is null).Select(m => m.CourseId).ToList();
        return AdminOutcome.Done($"{login} removed from {courseId} (their marks and changes stay in the audit trail); " +
            (left.Count == 0 ? "no course left: sign-in and token now open nothing" : $"still staff of {string.Join(", ", left)}"));
    }

    /// <summary>Issues the person's staff API token, revoking any earlier one: one staff token per person.</summary>
    public static async Task<AdminOutcome> IssueTokenAsync(IDbContextFactory<GraderDbContext> contexts, string login,
        DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, login, cancellationToken) is not { } account) return NoSuchAccount(login);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        int revoked = await Tokens.RevokeWhereAsync(db, db.ApiTokens.Where(t => t.StaffAccountId == account.Id), cancellationToken);
        var token = TokenHasher.NewToken();
        db.ApiTokens.Add(new ApiToken { TokenHash = TokenHasher.Hash(token), StaffAccountId = account.Id, Label = "staff", ExpiresAt = expiresAt });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AdminOutcome(true,
            [$"staff token of {Describe(account)} issued, {(expiresAt is { } e ? $"expires {e:yyyy-MM-dd HH:mm} UTC" : "no expiry")}" +
             (revoked > 0 ? $"; {Plural(revoked, "earlier token")} revoked" : "")], token);
    }

    /// <summary>Every account with a membership of the course (or every account), with its courses and roles.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(IDbContextFactory<GraderDbContext> contexts, string? courseId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var idleSince = now - Sessions.IdleTimeout;
        var accounts = await db.StaffAccounts.AsNoTracking().Include(a => a.Memberships)
            .Where(a => courseId == null || a.Memberships.Any(m => m.CourseId == courseId && m.RemovedAt == null))
            .OrderBy(a => a.Login)
            .Select(a => new
            {
                Account = a,
                Tokens = db.ApiTokens.Count(t => t.StaffAccountId == a.Id && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now)),
                Sessions = db.DashboardSessions.Count(s => s.StaffAccountId == a.Id && s.EndedAt == null && s.LastSeenAt > idleSince),
            })
            .ToListAsync(cancellationToken);
        return accounts.Select(x =>
        {
            var courses = x.Account.Memberships.Where(m => m.RemovedAt is null).OrderBy(m => m.CourseId).Select(m => $"{m.CourseId}:{m.Role}");
            return $"{x.Account.Login}\t{x.Account.Name}\t{string.Join(",", courses)}\tpassword:{(x.Account.PasswordHash is null ? "no" : "yes")}" +
                   $"\ttokens:{x.Tokens}\tsessions:{x.Sessions}";
        }).ToList();
    }

    /// <summary>Logins are what people type: letters, digits and . _ @ -, at most 100 characters.</summary>
    public static string? LoginProblem(string login) =>
        login.Length is > 0 and <= 100 && char.IsAsciiLetterOrDigit(login[0]) && login.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-')
            ? null
            : $"'{login}' is not a login: 1 to 100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit";

    private static Task<StaffAccount?> FindAsync(GraderDbContext db, string login, CancellationToken cancellationToken) =>
        db.StaffAccounts.Include(a => a.Memberships).FirstOrDefaultAsync(a => a.Login == login, cancellationToken);

    private static string Describe(StaffAccount account)
    {
        var courses = account.Memberships.Where(m => m.RemovedAt is null).Select(m => m.CourseId).Order(StringComparer.Ordinal).ToList();
        return $"{account.Login} ({account.Name}{(courses.Count > 0 ? ", staff of " + string.Join(", ", courses) : "")})";
    }

    private static AdminOutcome NoSuchAccount(string login) =>
        AdminOutcome.Refused($"no staff account '{login}'; create it with 'grader admin staff add COURSE {login}'");

    internal static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
