using Grader.Data;
using Grader.Data.Migrations;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Grader.TestSupport;

/// <summary>
/// A fresh, migrated database for one test class (use as an <c>IClassFixture</c>), in the private
/// cluster that scripts/test.sh starts and names in GRADER_TEST_POSTGRES. Dropped afterwards.
/// </summary>
public class PostgresDatabase : IAsyncLifetime
{
    public const string Variable = "GRADER_TEST_POSTGRES";

    public string Name { get; } = "grader_t_" + Guid.NewGuid().ToString("N")[..16];
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public IDbContextFactory<GraderDbContext> Contexts { get; private set; } = null!;

    /// <summary>Whether to apply the migrations on creation; false for migration tests.</summary>
    protected virtual bool Migrate => true;

    /// <summary>The cluster the database is made in: the shared test cluster unless a fixture brings its own.</summary>
    protected virtual string ClusterConnectionString => AdminConnectionString;

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: run the tests with scripts/test.sh, which starts a private PostgreSQL " +
                $"(or set {Variable} to the connection string of a database whose user may create databases)");

    public virtual async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(ClusterConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(ClusterConnectionString) { Database = Name }.ConnectionString;
        DataSource = GraderDataSource.Create(ConnectionString);
        Contexts = DataServices.CreateFactory(DataSource);
        if (Migrate)
        {
            await using var db = await Contexts.CreateDbContextAsync();
            await MigrationRunner.MigrateAsync(db, CancellationToken.None);
        }
    }

    public virtual async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ClusterConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task<GraderDbContext> OpenAsync() => await Contexts.CreateDbContextAsync();
}

/// <summary>An empty database: no migrations applied yet.</summary>
public sealed class EmptyPostgresDatabase : PostgresDatabase
{
    protected override bool Migrate => false;
}
