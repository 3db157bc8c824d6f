using System.CommandLine;
using Grader.Data;
using Grader.Data.Migrations;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>--db</c>: the PostgreSQL connection string, by default from the GRADER_DB environment
/// variable (scripts/postgres.sh prints one).
/// </summary>
public static class DatabaseOption
{
    public const string Variable = "GRADER_DB";

    public static Option<string?> Create() => new("--db")
    {
        Description = $"PostgreSQL connection string (default: ${Variable}).",
    };

    public static string? Resolve(string? given) =>
        given ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null);

    /// <summary>A migrated database for the admin commands, or an error message.</summary>
    public static async Task<(IDbContextFactory<GraderDbContext>? Contexts, NpgsqlDataSource? Source, string? Error)> OpenAsync(
        string? given, CancellationToken cancellationToken)
    {
        if (Resolve(given) is not { } connectionString)
            return (null, null, $"no database: pass --db or set {Variable}");
        var source = GraderDataSource.Create(connectionString);
        var contexts = DataServices.CreateFactory(source);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await MigrationRunner.MigrateAsync(db, cancellationToken);
            return (contexts, source, null);
        }
        catch (NpgsqlException e)
        {
            await source.DisposeAsync();
            return (null, null, $"cannot use the database: {e.Message}");
        }
    }

    /// <summary>As <see cref="OpenAsync"/>, and the course must exist (its rubrics imported).</summary>
    public static async Task<(IDbContextFactory<GraderDbContext>? Contexts, NpgsqlDataSource? Source, string? Error)> OpenCourseAsync(
        string? given, string courseId, CancellationToken cancellationToken)
    {
        var (contexts, source, error) = await OpenAsync(given, cancellationToken);
        if (contexts is null || await Grader.Data.Admin.PeopleDirectory.CourseExistsAsync(contexts, courseId, cancellationToken))
            return (contexts, source, error);
        await source!.DisposeAsync();
        return (null, null, $"no course '{courseId}': import its rubrics first");
    }
}
