using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Grader.Data.Marks;

/// <summary>
/// Writes new marks with PostgreSQL's binary COPY, in the caller's open transaction. A worker's
/// batch of 16 submissions has about 250 new marks: as EF Core INSERTs they were one statement
/// each and the largest share of the worker's database time (docs/performance.md); COPY is one
/// statement for all of them. Only for marks that do not exist yet: updates go through EF Core.
/// </summary>
public static class MarkCopy
{
    // Hand-written because EF Core has no bulk insert. Values travel as typed binary fields, never as SQL text.
    private const string Command =
        "COPY marks (submission_id, item_id, rubric_version_id, points, max_points, bonus, source, result, feedback, details, updated_at) " +
        "FROM STDIN (FORMAT BINARY)";

    public static async Task WriteAsync(GraderDbContext db, IReadOnlyCollection<Mark> marks, CancellationToken cancellationToken)
    {
        if (marks.Count == 0) return;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("copy marks inside the transaction that completes their job");
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync(Command, cancellationToken);
        foreach (var mark in marks)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(mark.SubmissionId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(mark.ItemId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(mark.RubricVersionId, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(mark.Points, NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(mark.MaxPoints, NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(mark.Bonus, NpgsqlDbType.Boolean, cancellationToken);
            await writer.WriteAsync(mark.Source, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(mark.Result, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(mark.Feedback, NpgsqlDbType.Text, cancellationToken);
            if (mark.Details is null) await writer.WriteNullAsync(cancellationToken);
            else await writer.WriteAsync(mark.Details, NpgsqlDbType.Jsonb, cancellationToken);
            await writer.WriteAsync(mark.UpdatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }
}
