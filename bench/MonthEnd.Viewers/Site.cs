using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace MonthEnd.Viewers;

/// <summary>The server under load: clients for the API (Bearer token) and browser-like sessions (cookies, antiforgery).</summary>
public sealed partial class Site(Uri url) : IDisposable
{
    private readonly List<HttpClient> _clients = [];

    public Uri Url { get; } = url;

    public HttpClient Api(string token)
    {
        var client = Track(new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(120) });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A browser session of the user, signed in through the login form as a person would.</summary>
    public async Task<HttpClient> SessionAsync(string user, string password)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        var browser = Track(new HttpClient(handler) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(120) });
        var form = await browser.GetStringAsync(new Uri("/login", UriKind.Relative));
        var token = TokenField().Match(form) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("the login page has no antiforgery token");
        using var fields = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = token,
        });
        using var answer = await browser.PostAsync(new Uri("/login", UriKind.Relative), fields);
        return answer.StatusCode == HttpStatusCode.Redirect ? browser : throw new InvalidOperationException($"{user} could not sign in: {(int)answer.StatusCode}");
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private HttpClient Track(HttpClient client)
    {
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
