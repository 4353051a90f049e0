using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Identity;
using MonthEnd.Web.Hosting;

namespace MonthEnd.Web.Identity;

/// <summary>
/// The API's authentication: <c>Authorization: Bearer</c> with one of the product's API tokens,
/// checked by <see cref="SignIn"/> on every request (expiry, revocation, a disabled or locked user;
/// failures are audited there). A missing or refused token is answered 401 as problem details with
/// the CLI's exit code 6.
/// </summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SignIn signIn)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";
    private const string FailureKey = "monthend.api.signin-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        try
        {
            var caller = await signIn.WithTokenAsync(header[Prefix.Length..].Trim(), WebCallers.Client(Context, WebCallers.ApiInterface), Context.RequestAborted);
            WebCallers.SetApi(Context, caller);
            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, caller.User)], SchemeName));
            return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }
        catch (SignInFailedException e)
        {
            Context.Items[FailureKey] = e;
            return AuthenticateResult.Fail(e.Message);
        }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = SchemeName;
        var failure = Context.Items[FailureKey] as SignInFailedException
                      ?? new SignInFailedException(SignInFailure.NoIdentity, "no identity: send Authorization: Bearer <API token>");
        return OperationErrors.WriteProblemAsync(Context, failure);
    }
}
