using System.Net;
using Grader.Server.Hosting;
using Grader.Server.Web.Auth;
using Grader.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Server.Tests.Dashboard;

/// <summary>3 failed tries per account, refilled one an hour: no test is fast or slow enough to matter.</summary>
public sealed class AccountThrottledServer : DashboardFixture
{
    protected override SignInLimits SignIn => new() { FailuresPerAccount = 3, AccountRefillEvery = TimeSpan.FromHours(1), FailuresPerAddress = 100_000 };
}

/// <summary>6 failed tries per client address (every test client is 127.0.0.1), refilled one an hour.</summary>
public sealed class AddressThrottledServer : DashboardFixture
{
    protected override SignInLimits SignIn => new() { FailuresPerAccount = 1000, FailuresPerAddress = 6, AddressRefillEvery = TimeSpan.FromHours(1) };
}

public sealed class AccountThrottleTests(AccountThrottledServer server) : IClassFixture<AccountThrottledServer>
{
    [Fact]
    public async Task After_three_wrong_passwords_even_the_right_one_waits_and_other_accounts_are_unaffected()
    {
        using var pages = server.Pages();
        for (int i = 0; i < 3; i++)
        {
            var wrong = await pages.PostFormAsync("/login", "/login?handler=Staff", ("Login", DashboardFixture.AiTa), ("Password", $"wrong password {i}"));
            Assert.Contains("Wrong login or password.", await wrong.Content.ReadAsStringAsync());
        }

        var right = await pages.PostFormAsync("/login", "/login?handler=Staff", ("Login", DashboardFixture.AiTa), ("Password", SeedStaff.Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        Assert.Contains("Too many failed sign-ins", await right.Content.ReadAsStringAsync());
        using var other = server.Pages();
        await other.SignInStaffAsync(DashboardFixture.AiInstructor);
    }
}

public sealed class AddressThrottleTests(AddressThrottledServer server) : IClassFixture<AddressThrottledServer>
{
    [Fact]
    public async Task An_address_that_guessed_too_often_is_refused_everywhere_without_a_lookup()
    {
        var token = await server.StudentTokenAsync();
        using var student = server.Client(token);
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);
        using var pages = server.Pages();
        for (int i = 0; i < 3; i++)
            await pages.PostFormAsync("/login", "/login?handler=Student", ("Token", $"grd_guess{i}"));
        using var guesser = server.Client("grd_made-up-token");
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);

        var apiAfter = await guesser.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}");
        var signInAfter = await pages.PostFormAsync("/login", "/login?handler=Student", ("Token", token));
        var staffAfter = await pages.PostFormAsync("/login", "/login?handler=Staff", ("Login", DashboardFixture.AiTa), ("Password", SeedStaff.Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, apiAfter.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, signInAfter.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, staffAfter.StatusCode);
        // A token in use a moment ago still works: one guesser behind a shared address does not cut off everyone there.
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);
    }
}

/// <summary>A password check that holds until the test lets it go, and counts how many run at once.</summary>
public sealed class HeldPasswordCheck : PasswordCheck
{
    private readonly ManualResetEventSlim release = new(false);
    private int running;

    public int MostAtOnce { get; private set; }
    public int Checks { get; private set; }
    public SemaphoreSlim Started { get; } = new(0);

    public void Release() => release.Set();

    public override bool Verify(string password, string? storedHash)
    {
        lock (this)
        {
            Checks++;
            MostAtOnce = Math.Max(MostAtOnce, ++running);
        }
        Started.Release();
        release.Wait(TimeSpan.FromMinutes(2)); // a PBKDF2 computation that takes as long as the test wants
        lock (this) running--;
        return false;
    }
}

/// <summary>One password check at a time, one waiting: the rest of a flood is told to come back.</summary>
public sealed class FloodedSignInServer : DashboardFixture
{
    public HeldPasswordCheck Checks { get; } = new();

    protected override SignInLimits SignIn => new() { ConcurrentPasswordChecks = 1, QueuedPasswordChecks = 1, FailuresPerAddress = 100_000, FailuresPerAccount = 1000 };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<PasswordCheck>(Checks);
}

public sealed class SignInFloodTests(FloodedSignInServer server) : IClassFixture<FloodedSignInServer>
{
    [Fact]
    public async Task A_sign_in_flood_runs_one_hash_at_a_time_turns_the_excess_away_and_the_api_keeps_answering()
    {
        const int flood = 8;
        var clients = Enumerable.Range(0, flood).Select(_ => server.Pages()).ToList();
        var forms = await Task.WhenAll(clients.Select(c => c.GetHtmlAsync("/login")));
        var attempts = clients.Select((c, i) => c.Http.PostAsync("/login?handler=Staff", new FormUrlEncodedContent(
        [
            KeyValuePair.Create("Login", DashboardFixture.AiTa), KeyValuePair.Create("Password", "flood " + i),
            KeyValuePair.Create("__RequestVerificationToken", PageClient.AntiforgeryToken(forms[i])),
        ]))).ToList();

        Assert.True(await server.Checks.Started.WaitAsync(TimeSpan.FromSeconds(30)), "no password check started");
        // With one check running and one waiting, the other six are answered at once, while the check is still held.
        await Poll.ObserveUntilAsync(() => attempts.Count(a => a.IsCompleted) >= flood - 2, TimeSpan.FromSeconds(30), intervalMs: 20);
        var turnedAway = attempts.Where(a => a.IsCompleted).Select(a => a.Result).ToList();
        using var api = server.Client(await server.StudentTokenAsync());
        var apiDuringFlood = await api.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}");
        int checksWhileHeld = server.Checks.Checks;

        server.Checks.Release();
        var rest = await Task.WhenAll(attempts);

        Assert.Equal(flood - 2, turnedAway.Count);
        Assert.All(turnedAway, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.Contains("Too many sign-ins at this moment", await turnedAway[0].Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, apiDuringFlood.StatusCode);
        Assert.Equal(1, checksWhileHeld);
        Assert.Equal(1, server.Checks.MostAtOnce);
        Assert.Equal(2, server.Checks.Checks);
        Assert.Equal(2, rest.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var client in clients) client.Dispose();
    }
}
