using Grader.Data.Entities;
using Grader.Data.Migrations;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Tests.Migrations;

public sealed class MigrationRunnerTests
{
    private static async Task<T> WithDatabase<T>(Func<PostgresDatabase, Task<T>> test)
    {
        var database = new EmptyPostgresDatabase();
        await database.InitializeAsync();
        try { return await test(database); }
        finally { await database.DisposeAsync(); }
    }

    private static async Task<MigrationResult> MigrateAsync(PostgresDatabase database, IReadOnlyList<MigrationScript>? scripts = null)
    {
        await using var db = await database.OpenAsync();
        return await MigrationRunner.MigrateAsync(db, scripts ?? MigrationScript.Embedded, CancellationToken.None);
    }

    [Fact]
    public void The_embedded_scripts_are_numbered_without_gaps() =>
        Assert.Equal(Enumerable.Range(1, MigrationScript.Embedded.Count), MigrationScript.Embedded.Select(s => s.Version));

    [Fact]
    public Task Migrating_twice_applies_each_script_once() => WithDatabase(async database =>
    {
        var first = await MigrateAsync(database);
        var second = await MigrateAsync(database);
        Assert.Equal(MigrationScript.Embedded.Select(s => s.Version), first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(MigrationScript.Embedded.Count, second.Version);
        return true;
    });

    [Fact]
    public Task Processes_starting_at_once_do_not_race() => WithDatabase(async database =>
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => MigrateAsync(database))));
        Assert.Equal(MigrationScript.Embedded.Count, results.Sum(r => r.Applied.Count));
        await using var db = await database.OpenAsync();
        Assert.Equal(MigrationScript.Embedded.Count,
            await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM schema_migrations").SingleAsync());
        return true;
    });

    [Fact]
    public Task Upgrading_keeps_the_data_written_under_the_older_schema() => WithDatabase(async database =>
    {
        await MigrateAsync(database, MigrationScript.Embedded.Take(1).ToList());
        // In SQL of that version: today's EF model names columns that version does not have.
        await using (var db = await database.OpenAsync())
            await db.Database.ExecuteSqlAsync($"INSERT INTO courses (id, title) VALUES ('old-course', 'Written at schema version 1')");

        var upgrade = await MigrateAsync(database);

        Assert.Equal(MigrationScript.Embedded.Skip(1).Select(s => s.Version), upgrade.Applied);
        await using var check = await database.OpenAsync();
        Assert.Equal("Written at schema version 1", (await check.Courses.SingleAsync(c => c.Id == "old-course")).Title);
        Assert.Equal(0, await check.Jobs.CountAsync());
        return true;
    });

    [Fact]
    public Task A_script_changed_after_it_was_applied_is_refused() => WithDatabase(async database =>
    {
        await MigrateAsync(database);
        var edited = MigrationScript.Embedded.Select(s => s.Version == 1 ? s with { Sql = s.Sql + "\n-- edited" } : s).ToList();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(database, edited));
        Assert.Contains("changed after it was applied", error.Message);
        return true;
    });

    [Fact]
    public Task A_failing_script_leaves_no_trace() => WithDatabase(async database =>
    {
        var broken = MigrationScript.Embedded.Append(new MigrationScript(MigrationScript.Embedded.Count + 1, "broken",
            "CREATE TABLE half_done (id int); SELECT no_such_function();")).ToList();
        await Assert.ThrowsAnyAsync<Exception>(() => MigrateAsync(database, broken));
        var result = await MigrateAsync(database);
        Assert.Equal(MigrationScript.Embedded.Count, result.Applied.Count);
        return true;
    });
}
