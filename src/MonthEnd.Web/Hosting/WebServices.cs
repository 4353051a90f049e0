using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Web.Api;
using MonthEnd.Web.Identity;
using MonthEnd.Web.Live;
using MonthEnd.Web.Runs;

namespace MonthEnd.Web.Hosting;

/// <summary>
/// The web host's pieces over the operations layer the host has registered (the store and
/// AddMonthEndOperations come from the same wiring as the CLI's): cookie sessions for the pages,
/// API tokens for /api, Razor Pages with antiforgery on every form, the OpenAPI document, the
/// background runner of batches.
/// </summary>
public static class WebServices
{
    public const string ApiPolicy = "api";

    public static IServiceCollection AddMonthEndWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebOptions>().Bind(configuration.GetSection(WebOptions.Section));
        services.AddAuthentication(SessionCookie.Scheme)
            .AddCookie(SessionCookie.Scheme, SessionCookie.Configure)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiTokenHandler.SchemeName).RequireAuthenticatedUser());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "monthend.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.HeaderName = null;
        });
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AllowAnonymousToPage("/Login");
            })
            .AddApplicationPart(typeof(WebServices).Assembly);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddMonthEndOpenApi();
        services.AddProxyHeaders();
        services.AddSingleton<ThroughputHistory>();
        services.AddSingleton<BatchFeed>();
        services.AddSingleton<BatchRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchRunner>());
        return services;
    }

    /// <summary>The request pipeline: headers on every answer, errors as problem details or pages, sign-in, then pages, API, OpenAPI and assets.</summary>
    public static WebApplication MapMonthEndWeb(this WebApplication app)
    {
        app.UseProxyHeaders();
        app.Use(SecurityHeaders.ApplyAsync);
        app.Use(OperationErrors.HandleAsync);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAssets();
        app.MapOpenApi().AllowAnonymous();
        app.MapRazorPages();
        app.MapBatchEvents();
        var api = app.MapGroup("/api").RequireAuthorization(ApiPolicy);
        api.MapBatchApi();
        api.MapApprovalApi();
        api.MapRecordsApi();
        return app;
    }
}
