using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data;

/// <summary>
/// The EF Core view of the schema. The schema itself is owned by the SQL scripts under
/// Migrations/Scripts (applied by <see cref="Migrations.MigrationRunner"/>); this model only maps it.
/// </summary>
public sealed class GraderDbContext(DbContextOptions<GraderDbContext> options) : DbContext(options)
{
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<RubricVersion> RubricVersions => Set<RubricVersion>();
    public DbSet<Student> Students => Set<Student>();
    public DbSet<StaffMember> Staff => Set<StaffMember>();
    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();
    public DbSet<DashboardSession> DashboardSessions => Set<DashboardSession>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<FileBlob> FileBlobs => Set<FileBlob>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SubmissionFile> SubmissionFiles => Set<SubmissionFile>();
    public DbSet<Mark> Marks => Set<Mark>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<GradingRun> GradingRuns => Set<GradingRun>();
    public DbSet<MarkChange> MarkChanges => Set<MarkChange>();
    public DbSet<Regrade> Regrades => Set<Regrade>();
    public DbSet<ItemRelease> ItemReleases => Set<ItemRelease>();
    public DbSet<ItemCriterion> ItemCriteria => Set<ItemCriterion>();
    public DbSet<MarkCriterion> MarkCriteria => Set<MarkCriterion>();
    public DbSet<SavedComment> SavedComments => Set<SavedComment>();
    public DbSet<RegradeRequest> RegradeRequests => Set<RegradeRequest>();
    public DbSet<ForgeSetting> ForgeSettings => Set<ForgeSetting>();
    public DbSet<ForgeAssignment> ForgeAssignments => Set<ForgeAssignment>();
    public DbSet<ForgeAccount> ForgeAccounts => Set<ForgeAccount>();
    public DbSet<ForgeRepository> ForgeRepositories => Set<ForgeRepository>();
    public DbSet<ForgePush> ForgePushes => Set<ForgePush>();
    public DbSet<WorkerPresence> Workers => Set<WorkerPresence>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StaffMember>().ToTable("staff");
        model.Entity<WorkerPresence>().ToTable("workers").HasKey(w => w.Name);
        model.Entity<FileBlob>().HasKey(b => b.Sha256);
        model.Entity<Submission>().Property(s => s.Id).ValueGeneratedNever();
        model.Entity<Submission>().HasMany(s => s.Files).WithOne().HasForeignKey(f => f.SubmissionId);
        model.Entity<Submission>().HasOne(s => s.Student).WithMany().HasForeignKey(s => s.StudentId);
        model.Entity<Assignment>().HasOne(a => a.CurrentVersion).WithMany().HasForeignKey(a => a.CurrentVersionId);
        model.Entity<ApiToken>().HasOne(t => t.Student).WithMany().HasForeignKey(t => t.StudentId);
        model.Entity<ApiToken>().HasOne(t => t.StaffAccount).WithMany().HasForeignKey(t => t.StaffAccountId);
        model.Entity<StaffMember>().HasOne(s => s.Account).WithMany(a => a.Memberships).HasForeignKey(s => s.AccountId);
        model.Entity<DashboardSession>().HasKey(s => s.IdHash);
        model.Entity<DashboardSession>().HasOne<StaffAccount>().WithMany().HasForeignKey(s => s.StaffAccountId);
        model.Entity<DashboardSession>().HasOne<Student>().WithMany().HasForeignKey(s => s.StudentId);
        model.Entity<DashboardSession>().HasOne<ApiToken>().WithMany().HasForeignKey(s => s.TokenId);
        model.Entity<Mark>().Property(m => m.Details).HasColumnType("jsonb");
        // Foreign keys without navigations, so EF orders inserts the way the schema requires.
        model.Entity<Assignment>().HasOne<Course>().WithMany().HasForeignKey(a => a.CourseId);
        model.Entity<RubricVersion>().HasOne<Assignment>().WithMany().HasForeignKey(v => v.AssignmentId);
        model.Entity<Student>().HasOne<Course>().WithMany().HasForeignKey(s => s.CourseId);
        model.Entity<StaffMember>().HasOne<Course>().WithMany().HasForeignKey(s => s.CourseId);
        model.Entity<Submission>().HasOne<Assignment>().WithMany().HasForeignKey(s => s.AssignmentId);
        model.Entity<Submission>().HasOne<RubricVersion>().WithMany().HasForeignKey(s => s.RubricVersionId);
        model.Entity<SubmissionFile>().HasOne<FileBlob>().WithMany().HasForeignKey(f => f.Sha256);
        model.Entity<Mark>().HasOne<Submission>().WithMany().HasForeignKey(m => m.SubmissionId);
        model.Entity<Job>().HasOne<Submission>().WithMany().HasForeignKey(j => j.SubmissionId);
        model.Entity<GradingRun>().HasOne<Submission>().WithMany().HasForeignKey(r => r.SubmissionId);
        model.Entity<MarkChange>().HasOne<Submission>().WithMany().HasForeignKey(c => c.SubmissionId);
        model.Entity<MarkChange>().HasOne(c => c.Staff).WithMany().HasForeignKey(c => c.ChangedBy);
        model.Entity<MarkChange>().HasOne<Regrade>().WithMany().HasForeignKey(c => c.RegradeId);
        model.Entity<Regrade>().HasOne<Assignment>().WithMany().HasForeignKey(r => r.AssignmentId);
        model.Entity<Assignment>().HasOne<StaffMember>().WithMany().HasForeignKey(a => a.ReleasedBy);
        model.Entity<ItemRelease>().HasKey(r => new { r.AssignmentId, r.ItemId });
        model.Entity<ItemRelease>().HasOne<Assignment>().WithMany().HasForeignKey(r => r.AssignmentId);
        model.Entity<ItemCriterion>().HasOne<Assignment>().WithMany().HasForeignKey(c => c.AssignmentId);
        model.Entity<MarkCriterion>().HasKey(m => new { m.MarkId, m.CriterionId });
        model.Entity<MarkCriterion>().HasOne<Mark>().WithMany().HasForeignKey(m => m.MarkId);
        model.Entity<MarkCriterion>().HasOne<ItemCriterion>().WithMany().HasForeignKey(m => m.CriterionId);
        model.Entity<Mark>().HasOne<StaffMember>().WithMany().HasForeignKey(m => m.GradedBy);
        model.Entity<SavedComment>().HasOne<Assignment>().WithMany().HasForeignKey(c => c.AssignmentId);
        model.Entity<RegradeRequest>().HasOne<Submission>().WithMany().HasForeignKey(r => r.SubmissionId);
        model.Entity<RegradeRequest>().HasOne<Assignment>().WithMany().HasForeignKey(r => r.AssignmentId);
        model.Entity<RegradeRequest>().HasOne<Student>().WithMany().HasForeignKey(r => r.StudentId);
        model.Entity<ForgeSetting>().HasKey(f => f.CourseId);
        model.Entity<ForgeAssignment>().HasKey(f => f.AssignmentId);
        model.Entity<ForgeAssignment>().Property(f => f.ModelPaths).HasColumnType("jsonb");
        model.Entity<ForgeAccount>().HasKey(f => new { f.CourseId, f.Login });
        model.Entity<ForgeRepository>().HasKey(f => new { f.RepoFullName, f.AssignmentId });
        // A push names the submission made from it: EF must insert the submission first.
        model.Entity<ForgePush>().HasOne<Submission>().WithMany().HasForeignKey(p => p.SubmissionId).OnDelete(DeleteBehavior.SetNull);
        SnakeCaseNames.Apply(model);
    }
}
