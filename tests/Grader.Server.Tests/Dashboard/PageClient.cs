using System.Net;
using System.Text.RegularExpressions;
using Grader.TestSupport;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// A browser-less client of the dashboard over real HTTP: keeps cookies, and posts forms with the
/// anti-forgery token taken from the page that holds the form, as a browser would.
/// </summary>
public sealed partial class PageClient(Uri baseAddress) : IDisposable
{
    private HttpClient? http;

    /// <summary>The cookies this client holds (a test may copy them, as someone replaying a saved cookie would).</summary>
    public CookieContainer Cookies { get; } = new();

    public HttpClient Http => http ??= new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<HttpResponseMessage> GetAsync(string path) => await Http.GetAsync(path);

    public async Task<string> GetHtmlAsync(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="action"/> with the token from the page at <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        var token = AntiforgeryToken(await GetHtmlAsync(formPage));
        var content = new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)),
            KeyValuePair.Create("__RequestVerificationToken", token)]);
        return await Http.PostAsync(action, content);
    }

    public async Task SignInStaffAsync(string login, string password = SeedStaff.Password)
    {
        var response = await PostFormAsync("/login", "/login?handler=Staff", ("Login", login), ("Password", password));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"staff sign-in of {login}: {(int)response.StatusCode}");
    }

    public async Task SignInStudentAsync(string token)
    {
        var response = await PostFormAsync("/login", "/login?handler=Student", ("Token", token));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"student sign-in: {(int)response.StatusCode}");
    }

    public static string AntiforgeryToken(string html) =>
        TokenInput().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("the page has no anti-forgery token");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    public void Dispose() => http?.Dispose();
}
