using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MonthEnd.Web.Identity;

namespace MonthEnd.Web.Pages;

/// <summary>Ends the session (a form post, so another site cannot log a user out by a link).</summary>
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(SessionCookie.Scheme);
        return Redirect("/login");
    }
}
