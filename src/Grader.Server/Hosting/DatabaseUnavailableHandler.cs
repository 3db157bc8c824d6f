using Grader.Data;
using Grader.Server.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace Grader.Server.Hosting;

/// <summary>
/// A request that failed because the database is unreachable or restarting answers 503 with
/// Retry-After, not 500: nothing is wrong with the request, and sent again once the database is
/// back it succeeds (an upload retried with its Idempotency-Key cannot be stored twice). The log
/// gets one line when the outage starts and one when it ends (<see cref="DatabaseOutage"/>), not
/// one per refused request.
/// </summary>
public sealed class DatabaseUnavailableHandler(DatabaseOutage outage) : IExceptionHandler
{
    /// <summary>About as long as a database restart takes.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseErrors.IsTransient(exception)) return false;
        outage.Refused(exception);
        http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString();
        await ApiProblems.Unavailable("The database is unavailable for a moment; try again after the Retry-After delay.").ExecuteAsync(http);
        return true;
    }
}
