using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using MonthEnd.Web.Identity;

namespace MonthEnd.Web.Api;

/// <summary>The OpenAPI document at /openapi/v1.json: the /api endpoints, and the Bearer API token every one of them needs.</summary>
public static class ApiDocument
{
    public static IServiceCollection AddMonthEndOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MonthEnd API";
            document.Info.Description = "The month-end batch's operations over HTTP; errors are RFC 7807 problem details carrying the CLI's exit code (exit_code).";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiTokenHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token of a product user (monthend token create)",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiTokenHandler.SchemeName, document)] = [] }];
            return Task.CompletedTask;
        }));
}
