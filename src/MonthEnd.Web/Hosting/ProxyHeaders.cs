using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonthEnd.Web.Runs;

namespace MonthEnd.Web.Hosting;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto, believed only from the reverse proxies named in
/// Web:KnownProxies (one hop: the address the proxy saw), so the trail records the client behind the
/// proxy and a cookie is Secure when the client came over HTTPS. ASP.NET Core trusts loopback by
/// default; that default is dropped, as any local process could otherwise claim any address.
/// </summary>
public static class ProxyHeaders
{
    public static IServiceCollection AddProxyHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((o, web) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list is still consulted beside KnownIPNetworks, and it holds 127.0.0.0/8 by default.
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in web.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                    ? address
                    : throw new OptionsValidationException(WebOptions.Section, typeof(WebOptions),
                        [$"Web:KnownProxies: {Core.Text.Shown.Quote(proxy)} is not an IP address"]));
            }
        });
        return services;
    }

    /// <summary>Believes the headers from the known proxies; with none known, the middleware is left out, as with empty lists it would believe everyone.</summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<WebOptions>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
