using Microsoft.AspNetCore.Mvc;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Rules;
using MonthEnd.Operations.Preflights;
using MonthEnd.Web.Api;

namespace MonthEnd.Web.Pages;

/// <summary>
/// The pre-flight of a period (SOP 1 step 2) as `monthend preflight` runs it, with the default rules
/// as the web's runs use them: each check PASS, WARN or FAIL with its reason. A post, as the check
/// writes (and rolls back) probe rows and is audited as PREFLIGHT; validate_source is its permission.
/// </summary>
public sealed class PreflightModel(PreflightOperations preflights) : MonthEndPage
{
    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    public PreflightReport? Report { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        Report = await preflights.CheckAsync(Caller, ApiInputs.Period(Period), RuleSetLoader.LoadDefault(), Aborted);
        return Page();
    }

    public static string Verdict(CheckVerdict verdict) => verdict.ToString().ToUpperInvariant();
}
