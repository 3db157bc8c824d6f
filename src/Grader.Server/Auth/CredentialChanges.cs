using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Grader.Server.Auth;

/// <summary>
/// Listens for the database's <c>grader_credentials</c> notifications (sent by triggers when a
/// token, student, membership or password changes) and makes <see cref="TokenLookup"/> forget what
/// it remembered. While the connection is down, nothing is remembered, so a change can never be
/// missed; only then does every request look its token up.
/// </summary>
public sealed class CredentialChanges(NpgsqlDataSource dataSource, TokenLookup tokens, ILogger<CredentialChanges> logger) : BackgroundService
{
    public const string Channel = "grader_credentials";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => tokens.Forget();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                tokens.SetCaching(true);
                delay = TimeSpan.FromMilliseconds(250);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (tokens.Caching) logger.LogWarning("credential change notifications unavailable ({Message}); every request looks its token up until reconnected", e.Message);
                tokens.SetCaching(false);
                try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }
}
