using Microsoft.AspNetCore.Http;

namespace MonthEnd.Web.Hosting;

/// <summary>
/// The headers every answer carries, pages, API, assets and errors alike: scripts and styles only
/// from this server (no inline script can run), no framing, no content sniffing, no referrer; pages
/// and API answers are not kept by caches (they show one user's view of a moving batch).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static Task ApplyAsync(HttpContext http, Func<Task> next)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!http.Request.Path.StartsWithSegments("/assets"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next();
    }
}
