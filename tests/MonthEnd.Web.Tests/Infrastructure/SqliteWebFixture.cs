using MonthEnd.Core.Security;

namespace MonthEnd.Web.Tests.Infrastructure;

/// <summary>One host over one SQLite database with a user of each role, shared by the tests of a class (none of them runs a batch).</summary>
public sealed class SqliteWebFixture : IAsyncLifetime
{
    public WebServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WebServer.StartAsync(new SqliteWebDatabase(), async s =>
    {
        await s.AddUserAsync("oscar", Role.BatchOperator);
        await s.AddUserAsync("fiona", Role.FinanceViewer);
        await s.AddUserAsync("aude", Role.Auditor);
        await s.AddUserAsync("larry", Role.BatchOperator);
        await s.AddUserAsync("dora", Role.BatchOperator);
    });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Server.Database.DisposeAsync();
    }
}
