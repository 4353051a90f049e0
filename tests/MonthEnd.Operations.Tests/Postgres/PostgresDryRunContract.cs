using Dapper;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.DryRuns;
using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Contract;
using MonthEnd.Store.Tests.Postgres;
using Npgsql;

namespace MonthEnd.Operations.Tests.Postgres;

public sealed class PostgresDryRuns() : DryRunContract(() => new PostgresTarget())
{
    protected override string TablesSql => "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()";

    protected override DryRunCopyOptions CopyOptions(IStoreTarget target) => new();

    protected override void InsertPremiumQuickly(IStoreTarget target, long txnId)
    {
        using var connection = new NpgsqlConnection(((PostgresTarget)target).Connection);
        connection.Open();
        connection.Execute("SET lock_timeout = '2s'; SET statement_timeout = '5s'");
        connection.Execute("""
            INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                product_code, plan_code, payment_method, status)
            VALUES (@txnId, 1, DATE '2025-03-10', DATE '2025-03-10', 10.00, 4.00, 4.00, 2.00, 'TKF-LIFE', 'P1', 'TRANSFER', 'PAID')
            """, new { txnId });
    }

    protected override async Task<bool> CopyExistsAsync(IStoreTarget target, string location) =>
        await target.CountAsync("SELECT count(*) FROM pg_database WHERE datname = @name", new { name = Database(location) }) > 0;

    protected override async Task<(long, long, long)> CopyRowAsync(IStoreTarget target, string location, string sql)
    {
        var connection = new NpgsqlConnectionStringBuilder(((PostgresTarget)target).Connection) { Database = Database(location), Pooling = false };
        await using var copy = new NpgsqlConnection(connection.ConnectionString);
        await copy.OpenAsync();
        return await copy.QuerySingleAsync<(long, long, long)>(sql);
    }

    protected override Task RemoveCopyAsync(IStoreTarget target, string location) =>
        target.ExecuteAsync($"DROP DATABASE IF EXISTS {Database(location)} WITH (FORCE)");

    [Fact]
    public async Task a_given_scratch_database_gets_a_schema_of_its_own_dropped_afterwards_and_the_production_database_is_refused_as_scratch()
    {
        await using var target = new PostgresTarget();
        await using var host = await OperationsHost.StartAsync(target);
        var admin = await SetUpAsync(host);
        await using var scratch = new PostgresTarget();
        await (await scratch.CreateStoreAsync()).DisposeAsync();
        var schemas = "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'monthend_dryrun_%'";
        var dryRuns = host.Get<DryRunOperations>();

        var result = await dryRuns.RunAsync(admin, Request(target, keep: false) with { Copy = new DryRunCopyOptions(ScratchDatabase: scratch.Connection) }, null, Ct);

        result.Report.Result.ShouldBe("COMMITTED", result.Report.Message);
        result.Report.Copy.Location.ShouldContain(" schema monthend_dryrun_202502_");
        (await scratch.CountAsync(schemas)).ShouldBe(0, "the schema is dropped");
        (await scratch.CountAsync("SELECT count(*) FROM premium_transaction")).ShouldBe(0, "the scratch database's own tables are left alone");
        var production = Request(target, keep: false) with { Copy = new DryRunCopyOptions(ScratchDatabase: target.Connection) };
        (await Should.ThrowAsync<InvalidArgumentException>(() => dryRuns.RunAsync(admin, production, null, Ct))).Message.ShouldContain("production database");
        (await target.CountAsync(schemas)).ShouldBe(0);
    }

    [Fact]
    public async Task a_scratch_directory_or_an_unprintable_scratch_database_is_refused_as_an_argument_and_nothing_is_copied()
    {
        await using var target = new PostgresTarget();
        await using var host = await OperationsHost.StartAsync(target);
        var admin = await host.UserAsync("admin", MonthEnd.Core.Security.Role.BatchAdmin);
        var databases = "SELECT count(*) FROM pg_database WHERE datname LIKE 'monthend_dryrun_%'";
        var before = await target.CountAsync(databases);
        var dryRuns = host.Get<DryRunOperations>();

        var directory = await Should.ThrowAsync<InvalidArgumentException>(() =>
            dryRuns.RunAsync(admin, Request(target, keep: false) with { Copy = new DryRunCopyOptions(ScratchDirectory: Path.GetTempPath()) }, null, Ct));
        var forged = await Should.ThrowAsync<InvalidArgumentException>(() =>
            dryRuns.RunAsync(admin, Request(target, keep: false) with { Copy = new DryRunCopyOptions(ScratchDatabase: "Host=db\nerror: forged") }, null, Ct));

        directory.Argument.ShouldBe("--scratch-dir");
        directory.Message.ShouldContain("a SQLite database's copy");
        forged.Argument.ShouldBe("--scratch-db");
        forged.Message.ShouldContain("U+000A");
        (await target.CountAsync(databases)).ShouldBe(before, "no scratch database was created");
    }

    /// <summary>"PostgreSQL host:port/monthend_dryrun_202502_…": the scratch database's name.</summary>
    private static string Database(string location) => location[(location.LastIndexOf('/') + 1)..];
}
