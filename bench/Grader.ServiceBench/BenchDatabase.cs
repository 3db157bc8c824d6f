using Npgsql;

namespace Grader.ServiceBench;

/// <summary>A throw-away database per run, dropped (with any connections still open) at the end.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string admin;
    private readonly string name;

    private BenchDatabase(string admin, string name, string connectionString)
    {
        this.admin = admin;
        this.name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string admin)
    {
        var name = "grader_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 200 }.ConnectionString;
        return new BenchDatabase(admin, name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
    }
}
