using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Migrations;

/// <summary>
/// Brings the database schema up to date with the embedded scripts, on start-up of every
/// process. All pending scripts run in one transaction under an advisory lock, so two processes
/// starting at once apply each script exactly once, and a failing script leaves nothing behind.
/// An applied script whose text changed is refused: schema history is append-only.
/// </summary>
public static class MigrationRunner
{
    /// <summary>Arbitrary constant naming the lock; only this code takes it.</summary>
    private const long AdvisoryLockKey = 0x4752_4144_4552; // "GRADER"

    public static Task<MigrationResult> MigrateAsync(GraderDbContext db, CancellationToken cancellationToken) =>
        MigrateAsync(db, MigrationScript.Embedded, cancellationToken);

    public static async Task<MigrationResult> MigrateAsync(GraderDbContext db, IReadOnlyList<MigrationScript> scripts,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The grader role ends sessions idle in a transaction (deploy/postgres/setup.sh: a worker cut
        // off mid-job must not hold its locks). A process starting on a busy machine spends seconds
        // between these statements (the first queries are compiled): not idle in that sense.
        await db.Database.ExecuteSqlRawAsync("SET LOCAL idle_in_transaction_session_timeout = 0", cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);
        var applied = await db.Database
            .SqlQuery<AppliedMigration>($"SELECT version AS \"Version\", checksum AS \"Checksum\" FROM schema_migrations")
            .ToDictionaryAsync(m => m.Version, m => m.Checksum, cancellationToken);

        var newlyApplied = new List<int>();
        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Version, out var checksum))
            {
                if (checksum != script.Checksum)
                    throw new InvalidOperationException(
                        $"migration {script.Version:D4}_{script.Name} was changed after it was applied; add a new migration instead");
                continue;
            }
            await db.Database.ExecuteSqlRawAsync(script.Sql, cancellationToken);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO schema_migrations (version, name, checksum) VALUES ({script.Version}, {script.Name}, {script.Checksum})",
                cancellationToken);
            newlyApplied.Add(script.Version);
        }
        int newest = applied.Keys.Concat(newlyApplied).DefaultIfEmpty(0).Max();
        if (newest > scripts.Count && scripts == MigrationScript.Embedded)
            throw new InvalidOperationException($"the database is at schema version {newest}, newer than this program ({scripts.Count})");
        await transaction.CommitAsync(cancellationToken);
        return new MigrationResult(newest, newlyApplied);
    }

    private sealed record AppliedMigration(int Version, string Checksum);
}

/// <summary>The schema version after migrating, and the versions this run applied.</summary>
public sealed record MigrationResult(int Version, IReadOnlyList<int> Applied);
