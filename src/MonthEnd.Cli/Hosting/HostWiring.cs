using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonthEnd.Metrics;
using MonthEnd.Operations;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Logging;
using MonthEnd.Postgres;

namespace MonthEnd.Cli.Hosting;

/// <summary>
/// What every host of the product shares, a command's process and `serve` alike: configuration from
/// appsettings.json (beside the executable and in the working directory), MONTHEND_ environment
/// variables and --db; logging through the product's redactor; one store for the process under each
/// of its role interfaces; the operations layer; the SQLite audit key beside the database.
/// </summary>
public static class HostWiring
{
    /// <returns>The database the host runs on (the --db value, MONTHEND_DB, configuration or the default file).</returns>
    public static string Configure(IHostApplicationBuilder builder, string? database, PostgresOptions? postgres = null)
    {
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("MONTHEND_");
        if (database is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("DB", database)]);
        }

        var connection = StoreFactory.Resolve(builder.Configuration["DB"]);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddMonthEndLogging(builder.Configuration);
        builder.Services.AddMonthEndStore(_ => StoreFactory.Open(connection, postgres));
        builder.Services.AddMonthEndOperations(builder.Configuration);
        builder.Services.AddMonthEndMetrics();
        builder.Services.PostConfigure<AuditOptions>(o => o.KeyFile ??= DefaultKeyFile(connection));
        return connection;
    }

    /// <summary>The SQLite default: the key file beside the database, so a copy of the database alone cannot forge the trail. PostgreSQL has none.</summary>
    private static string? DefaultKeyFile(string connection) =>
        PostgresConnection.IsPostgres(connection) ? null : Path.GetFullPath(StoreFactory.SqlitePath(connection)) + ".audit-key";
}
