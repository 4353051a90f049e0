using Microsoft.AspNetCore.Mvc.RazorPages;
using MonthEnd.Core.Security;
using MonthEnd.Web.Identity;

namespace MonthEnd.Web.Pages;

/// <summary>A page for a signed-in user: who she is, and what she may do (to show only that; the operations refuse the rest).</summary>
public abstract class MonthEndPage : PageModel
{
    public Caller Caller => HttpContext.PageCaller();

    public bool May(Permission permission) => Caller.Holds(permission);

    protected CancellationToken Aborted => HttpContext.RequestAborted;
}
