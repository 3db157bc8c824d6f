using System.Net.Sockets;
using Grader.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Grader.Server.Tests.Reliability;

/// <summary>
/// Which failures the API answers with 503 and the worker retries: only the database being away,
/// never a statement that is wrong (that must stay a 500 and be looked at).
/// </summary>
public sealed class DatabaseErrorsTests
{
    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    [Theory]
    [InlineData("57P01")] // terminating connection due to administrator command (shutdown)
    [InlineData("57P03")] // the database system is starting up / shutting down
    [InlineData("08006")] // connection failure
    [InlineData("53300")] // too many connections
    public void A_server_going_away_or_refusing_connections_is_transient(string sqlState) =>
        Assert.True(DatabaseErrors.IsTransient(Postgres(sqlState)));

    [Theory]
    [InlineData("23505")] // unique violation
    [InlineData("42P01")] // undefined table
    [InlineData("57014")] // query cancelled (statement timeout): the statement, not the server
    public void A_statement_the_server_refused_is_not_transient(string sqlState) =>
        Assert.False(DatabaseErrors.IsTransient(Postgres(sqlState)));

    [Fact]
    public void A_refused_connection_wrapped_by_EF_Core_is_transient() =>
        Assert.True(DatabaseErrors.IsTransient(new InvalidOperationException("likely due to a transient failure",
            new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)))));

    [Fact]
    public void A_shutdown_during_SaveChanges_is_transient() =>
        Assert.True(DatabaseErrors.IsTransient(new DbUpdateException("saving failed", Postgres("57P01"))));

    [Fact]
    public void An_exception_that_has_nothing_to_do_with_the_database_is_not_transient()
    {
        Assert.False(DatabaseErrors.IsTransient(new InvalidOperationException("bug")));
        Assert.False(DatabaseErrors.IsTransient(new IOException("client went away")));
        Assert.False(DatabaseErrors.IsTransient(new DbUpdateException("saving failed", Postgres("23505"))));
    }
}
