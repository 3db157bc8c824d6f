using Grader.Data.Migrations;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Tests.Migrations;

/// <summary>
/// The identity migration on data made the old way: a login that was staff of two courses (one
/// password for both) becomes one account with two memberships, its course-bound staff token
/// becomes the person's, and the storage counters start from what is stored.
/// </summary>
public sealed class IdentityMigrationTests(EmptyPostgresDatabase database) : IClassFixture<EmptyPostgresDatabase>
{
    /// <summary>Found by name, so that renumbering the script at a merge needs no change here.</summary>
    private static readonly int IdentityVersion = MigrationScript.Embedded.Single(s => s.Name == "identity_and_limits").Version;

    [Fact]
    public async Task Staff_rows_of_one_login_become_one_account_with_their_memberships_tokens_and_audit_trail()
    {
        await using var db = await database.OpenAsync();
        await MigrationRunner.MigrateAsync(db, MigrationScript.Embedded.Where(s => s.Version < IdentityVersion).ToList(), CancellationToken.None);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO courses (id, title) VALUES ('rptu', 'RPTU'), ('nyu', 'NYU');
            INSERT INTO staff (course_id, external_id, name, role, password_hash) VALUES
                ('rptu', 'ta1', 'Alice Ng', 'instructor', 'pbkdf2-sha256$1$c2FsdA==$aGFzaA=='),
                ('nyu', 'ta1', 'Alice N.', 'ta', 'pbkdf2-sha256$1$c2FsdA==$aGFzaA=='),
                ('nyu', 'bot', 'CI bot', 'ta', NULL);
            INSERT INTO api_tokens (token_hash, staff_id, label)
                SELECT sha256(convert_to(external_id || course_id, 'UTF8')), id, 'staff' FROM staff;
            INSERT INTO students (course_id, external_id, name) VALUES ('nyu', 's1', 'Stu');
            INSERT INTO file_blobs (sha256, size, content) VALUES (sha256('\x01'::bytea), 1, '\x01'), (sha256('\x0203'::bytea), 2, '\x0203');
            INSERT INTO assignments (id, course_id, title) VALUES ('nyu-hw1', 'nyu', 'HW1');
            INSERT INTO rubric_versions (assignment_id, version, content_hash, yaml, source_name) VALUES ('nyu-hw1', 1, 'h', 'y', 's');
            INSERT INTO submissions (id, assignment_id, rubric_version_id, student_id, submitted_at, is_late, status)
                SELECT gen_random_uuid(), 'nyu-hw1', v.id, s.id, now(), false, 'graded' FROM rubric_versions v, students s, generate_series(1, 2);
            INSERT INTO submission_files (submission_id, role, file_name, content_type, sha256, size)
                SELECT id, 'answers', 'a.yaml', 'application/yaml', sha256('\x01'::bytea), 1 FROM submissions;
            """);

        var result = await MigrationRunner.MigrateAsync(db, CancellationToken.None);

        Assert.Contains(IdentityVersion, result.Applied);
        var accounts = await db.StaffAccounts.AsNoTracking().Include(a => a.Memberships).OrderBy(a => a.Login).ToListAsync();
        Assert.Equal(["bot", "ta1"], accounts.Select(a => a.Login));
        var ta1 = accounts[1];
        Assert.Equal("Alice N.", ta1.Name); // the newest row's name
        Assert.Equal("pbkdf2-sha256$1$c2FsdA==$aGFzaA==", ta1.PasswordHash);
        Assert.Equal(["nyu:ta", "rptu:instructor"], ta1.Memberships.OrderBy(m => m.CourseId).Select(m => $"{m.CourseId}:{m.Role}"));
        Assert.Null(accounts[0].PasswordHash);
        var owners = await db.ApiTokens.AsNoTracking().Select(t => t.StaffAccount!.Login).OrderBy(l => l).ToListAsync();
        Assert.Equal(["bot", "ta1", "ta1"], owners);
        // The same file in two submissions counts once.
        Assert.Equal(1, await db.Students.Select(s => s.StoredBytes).SingleAsync());
        Assert.Equal(1, await db.Courses.Where(c => c.Id == "nyu").Select(c => c.StoredBytes).SingleAsync());
    }
}
