using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Identity;
using MonthEnd.Web.Identity;

namespace MonthEnd.Web.Pages;

/// <summary>Sign-in with the product's users: <see cref="SignIn"/> counts failures, locks after repeated ones and audits them.</summary>
[AllowAnonymous]
public sealed class LoginModel(SignIn signIn) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "enter your user name and password";
            return Page();
        }

        try
        {
            var caller = await signIn.WithPasswordAsync(UserName, Password, WebCallers.Client(HttpContext, WebCallers.PageInterface), HttpContext.RequestAborted);
            await HttpContext.SignInAsync(SessionCookie.Scheme, SessionCookie.Principal(caller));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        catch (SignInFailedException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
    }
}
