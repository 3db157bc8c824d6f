using Npgsql;

namespace Grader.Data;

/// <summary>
/// Tells a database that is unreachable, going away or momentarily overloaded (restart, failover,
/// network, connection limit, a deadlock victim) from a statement that is wrong: the first is
/// worth trying again shortly, the second is not.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>
    /// True when <paramref name="exception"/>, or one it wraps, is transient. EF Core wraps
    /// Npgsql's exceptions (DbUpdateException; InvalidOperationException "likely due to a
    /// transient failure"), so the whole chain is looked at.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Npgsql counts 57P03 ("the database system is starting up / shutting down") and
                // 53300 (too many connections) as transient, but neither the 57P01 "terminating
                // connection due to administrator command" that every open connection gets when
                // the server shuts down, nor class 08 (connection exceptions).
                case PostgresException p:
                    return p.IsTransient || p.SqlState.StartsWith("08", StringComparison.Ordinal)
                                         || p.SqlState.StartsWith("57P", StringComparison.Ordinal);
                // A refused or reset connection, a timeout, an exhausted pool: an IOException,
                // SocketException or TimeoutException inside an NpgsqlException.
                case NpgsqlException n when n.IsTransient:
                    return true;
            }
        }
        return false;
    }
}
