using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Contract;
using MonthEnd.Store.Tests.Sqlite;

namespace MonthEnd.Operations.Tests.Sqlite;

public sealed class SqliteDryRuns() : DryRunContract(() => new SqliteTarget())
{
    protected override string TablesSql => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";

    // Small backup steps, so that the copy of a small database takes several and reports between them.
    protected override DryRunCopyOptions CopyOptions(IStoreTarget target) => new(BackupStepPages: 4);

    protected override void InsertPremiumQuickly(IStoreTarget target, long txnId)
    {
        using var connection = new SqliteConnection($"Data Source={((SqliteTarget)target).DatabasePath};Pooling=False;Default Timeout=2");
        connection.Open();
        connection.Execute("PRAGMA busy_timeout = 2000");
        connection.Execute("""
            INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                product_code, plan_code, payment_method, status, batch_processed)
            VALUES (@txnId, 1, '2025-03-10', '2025-03-10', 1000, 400, 400, 200, 'TKF-LIFE', 'P1', 'TRANSFER', 'PAID', 0)
            """, new { txnId });
    }

    protected override Task<bool> CopyExistsAsync(IStoreTarget target, string location) =>
        Task.FromResult(File.Exists(location) || Directory.Exists(Path.GetDirectoryName(location)));

    protected override async Task<(long, long, long)> CopyRowAsync(IStoreTarget target, string location, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={location};Pooling=False;Mode=ReadOnly");
        connection.Open();
        return await connection.QuerySingleAsync<(long, long, long)>(sql);
    }

    protected override Task RemoveCopyAsync(IStoreTarget target, string location)
    {
        Directory.Delete(Path.GetDirectoryName(location)!, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task a_scratch_database_or_a_file_as_scratch_directory_is_refused_as_an_argument_and_nothing_is_copied()
    {
        await using var target = new SqliteTarget();
        await using var host = await OperationsHost.StartAsync(target);
        var admin = await host.UserAsync("admin", MonthEnd.Core.Security.Role.BatchAdmin);
        var dryRuns = host.Get<MonthEnd.Operations.DryRuns.DryRunOperations>();
        var beside = Directory.GetFileSystemEntries(Path.GetDirectoryName(target.DatabasePath)!);

        var database = await Should.ThrowAsync<MonthEnd.Operations.Access.InvalidArgumentException>(() =>
            dryRuns.RunAsync(admin, Request(target, keep: false) with { Copy = new DryRunCopyOptions(ScratchDatabase: "Host=db;Password=hunter2-secret") }, null, Ct));
        var file = await Should.ThrowAsync<MonthEnd.Operations.Access.InvalidArgumentException>(() =>
            dryRuns.RunAsync(admin, Request(target, keep: false) with { Copy = new DryRunCopyOptions(ScratchDirectory: target.DatabasePath) }, null, Ct));

        database.Argument.ShouldBe("--scratch-db");
        database.Message.ShouldContain("a PostgreSQL database's copy");
        database.Message.ShouldNotContain("hunter2-secret");
        file.Argument.ShouldBe("--scratch-dir");
        file.Message.ShouldContain("is a file, not a directory");
        Directory.GetFileSystemEntries(Path.GetDirectoryName(target.DatabasePath)!).ShouldBe(beside, ignoreOrder: true);
    }
}
