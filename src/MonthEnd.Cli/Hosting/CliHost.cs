using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Postgres;

namespace MonthEnd.Cli.Hosting;

/// <summary>
/// One command's process, wired with the Generic Host: configuration from appsettings.json (beside
/// the executable and in the working directory), MONTHEND_ environment variables and the command
/// line (--db); one store for the process, registered under each of its role interfaces; the
/// operations layer; logging through the product's redactor (<see cref="MonthEndLogging"/>: JSON
/// lines, one file per day, when Logging:File:Path or MONTHEND_LOGGING__FILE__PATH names a directory).
/// </summary>
internal sealed partial class CliHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CliHost(IHost host, string connection)
    {
        _host = host;
        Connection = connection;
    }

    /// <summary>The --db value the command runs on (for hints that repeat it).</summary>
    public string Connection { get; }

    public IServiceProvider Services => _host.Services;

    public IMonthEndStore Store => Services.GetRequiredService<IMonthEndStore>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Builds the host; with <paramref name="requireSchema"/> the database must be initialised for this version.</summary>
    public static async Task<CliHost> StartAsync(ParseResult parse, Option<string?> db, CancellationToken ct, bool requireSchema = true)
    {
        var host = await StartAsync(parse.GetValue(db), ct, requireSchema);
        var (log, command) = (host.Get<ILogger<CliHost>>(), CommandName(parse));
        LogStarted(log, command, host.Store.Description);
        return host;
    }

    /// <param name="database">The --db value, or null for MONTHEND_DB / configuration / the default file.</param>
    public static async Task<CliHost> StartAsync(string? database, CancellationToken ct, bool requireSchema = true, PostgresOptions? postgres = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        var connection = HostWiring.Configure(builder, database, postgres);
        var host = builder.Build();
        var cli = new CliHost(host, connection);
        if (requireSchema)
        {
            try
            {
                await cli.Store.EnsureSchemaCurrentAsync(ct);
            }
            catch
            {
                await cli.DisposeAsync();
                throw;
            }
        }

        return cli;
    }

    /// <summary>Signs the caller in from the environment or a prompt (<see cref="CliIdentity"/>).</summary>
    public Task<Caller> SignInAsync(CancellationToken ct) => CliIdentity.SignInAsync(Get<Operations.Identity.SignIn>(), ct);

    /// <summary>"audit export": the words of the command line that name the command.</summary>
    private static string CommandName(ParseResult parse)
    {
        var names = new List<string>();
        for (var command = parse.CommandResult; command.Parent is CommandResult parent; command = parent)
        {
            names.Insert(0, command.Command.Name);
        }

        return string.Join(' ', names);
    }

    // The store's description, never the --db value: a PostgreSQL connection string may hold a password.
    [LoggerMessage(Level = LogLevel.Information, Message = "monthend {Command} on {Database}")]
    private static partial void LogStarted(ILogger logger, string command, string database);

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
