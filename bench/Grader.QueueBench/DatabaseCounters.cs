using Npgsql;

namespace Grader.QueueBench;

/// <summary>
/// What one database has cost the server so far: statements run (pg_stat_statements, utility
/// statements such as BEGIN, LOCK and DISCARD ALL included) and transactions ended
/// (pg_stat_database). Read from the admin database, so the reading costs the measured one nothing.
/// A backend reports its transactions when it ends at the latest, so the reading waits until the
/// database has no connection left.
/// </summary>
public sealed record DatabaseCounters(long Statements, long Transactions, IReadOnlyDictionary<string, long> CallsByStatement)
{
    public static async Task<bool> StatementsAvailableAsync(string admin)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        try
        {
            await new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand("SELECT count(*) FROM pg_stat_statements", connection).ExecuteScalarAsync();
            return true;
        }
        catch (PostgresException) // not in shared_preload_libraries
        {
            return false;
        }
    }

    public static async Task<DatabaseCounters> ReadAsync(string admin, string database, bool statements)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ScalarAsync(connection, "SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", database) > 0
               && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        await new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection).ExecuteNonQueryAsync();
        long transactions = await ScalarAsync(connection, "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = @db", database);
        var byStatement = new Dictionary<string, long>();
        if (statements)
        {
            await using var command = new NpgsqlCommand(
                "SELECT s.query, sum(s.calls)::bigint FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = @db GROUP BY s.query",
                connection);
            command.Parameters.AddWithValue("db", database);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) byStatement[reader.GetString(0)] = reader.GetInt64(1);
        }
        return new DatabaseCounters(byStatement.Values.Sum(), transactions, byStatement);
    }

    /// <summary>The statements run between two readings, most frequent first.</summary>
    public static IEnumerable<(string Query, long Calls)> Between(DatabaseCounters before, DatabaseCounters after) =>
        after.CallsByStatement.Select(s => (s.Key, s.Value - before.CallsByStatement.GetValueOrDefault(s.Key)))
            .Where(s => s.Item2 > 0).OrderByDescending(s => s.Item2);

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, string database)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("db", database);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
