using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Core.Storage;
using MonthEnd.Metrics;
using MonthEnd.Web.Hosting;

namespace MonthEnd.Cli.Hosting;

/// <summary>What `serve` is asked for: the database, where to listen, and settings that override configuration (tests use them).</summary>
public sealed record ServeSettings(string? Database, IReadOnlyList<string> Urls, IReadOnlyDictionary<string, string?>? Settings = null)
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
}

/// <summary>
/// The web host of `monthend serve`: Kestrel with the same configuration, logging, store and
/// operations as every command (<see cref="HostWiring"/>), plus the web's pages, API and runner.
/// </summary>
public static class ServeHost
{
    /// <param name="requireSchema">False only to initialise a new database through the host's own services (tests).</param>
    public static async Task<WebApplication> BuildAsync(ServeSettings settings, CancellationToken ct, bool requireSchema = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        // The same sources as a command's, not ASP.NET Core's defaults (every environment variable, the command line).
        builder.Configuration.Sources.Clear();
        HostWiring.Configure(builder, settings.Database);
        if (settings.Settings is { } overrides)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.Services.AddMonthEndWeb(builder.Configuration);
        builder.Services.AddHostedService<NotificationService>();
        var app = builder.Build();
        if (requireSchema)
        {
            try
            {
                await app.Services.GetRequiredService<IMonthEndStore>().EnsureSchemaCurrentAsync(ct);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        app.MapMonthEndWeb();
        app.MapMonthEndMetrics();
        return app;
    }
}
