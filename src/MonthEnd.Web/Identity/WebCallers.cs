using Microsoft.AspNetCore.Http;
using MonthEnd.Core.Security;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Access;

namespace MonthEnd.Web.Identity;

/// <summary>
/// Who is asking, as the authentication handlers established it for this request: the page session
/// (cookie) and the API token are kept apart, so a page's cookie never authorises an API call.
/// </summary>
public static class WebCallers
{
    public const string PageInterface = "web";
    public const string ApiInterface = "api";

    private const int MaxUserAgent = 256;
    private const string PageKey = "monthend.caller.page";
    private const string ApiKey = "monthend.caller.api";

    public static ClientInfo Client(HttpContext http, string face) =>
        new(face, http.Connection.RemoteIpAddress?.ToString(), UserAgent(http));

    internal static void SetPage(HttpContext http, Caller caller) => http.Items[PageKey] = caller;

    internal static void SetApi(HttpContext http, Caller caller) => http.Items[ApiKey] = caller;

    /// <summary>The signed-in user of a page request; pages are authorised, so one is there.</summary>
    public static Caller PageCaller(this HttpContext http) =>
        http.Items[PageKey] as Caller ?? throw new SignInFailedException(SignInFailure.NoIdentity, "not signed in: log in first");

    public static Caller? PageCallerOrNull(this HttpContext http) => http.Items[PageKey] as Caller;

    public static Caller ApiCaller(this HttpContext http) =>
        http.Items[ApiKey] as Caller ?? throw new SignInFailedException(SignInFailure.NoIdentity, "no identity: send Authorization: Bearer <API token>");

    // The trail keeps what the client says it is; bounded and without control characters, as every stored text.
    private static string? UserAgent(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        if (agent.Length == 0)
        {
            return null;
        }

        var bounded = agent.Length > MaxUserAgent ? agent[..MaxUserAgent] : agent;
        return new string([.. bounded.Select(c => Shown.IsUnsafe(c) ? '?' : c)]);
    }
}
