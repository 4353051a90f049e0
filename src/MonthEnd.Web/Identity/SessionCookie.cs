using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Identity;

namespace MonthEnd.Web.Identity;

/// <summary>
/// The browser's session after a sign-in with the product's password (<see cref="SignIn"/>): an
/// HttpOnly, SameSite=Strict cookie (Secure over HTTPS) that holds only the user's name and lapses
/// after 20 minutes without a request. Each request looks the user up again, so a user disabled,
/// locked or stripped of a role is stopped or narrowed at her next click, not when the cookie lapses.
/// </summary>
public static class SessionCookie
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string Name = "monthend.session";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = IdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = "/login";
        options.LogoutPath = "/logout";
        options.Events.OnValidatePrincipal = ValidateAsync;
    }

    public static ClaimsPrincipal Principal(Caller caller) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, caller.User)], Scheme));

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var name = context.Principal?.Identity?.Name ?? "";
        try
        {
            var signIn = http.RequestServices.GetRequiredService<SignIn>();
            WebCallers.SetPage(http, await signIn.WithSessionAsync(name, WebCallers.Client(http, WebCallers.PageInterface), http.RequestAborted));
        }
        catch (SignInFailedException)
        {
            context.RejectPrincipal();
            await http.SignOutAsync(Scheme);
        }
    }
}
