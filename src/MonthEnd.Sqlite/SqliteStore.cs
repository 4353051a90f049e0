using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Migrations;

namespace MonthEnd.Sqlite;

/// <summary>
/// The embedded store: one SQLite file for source, reference data, ledger and batch control, plus a
/// staging file per batch. In-process workers share it; SQLite has one writer at a time, so writes
/// from this process queue on <see cref="WriteGate"/> instead of spinning on the file lock.
/// </summary>
public sealed partial class SqliteStore : IMonthEndStore
{
    public SqliteStore(string path)
    {
        Database = new SqliteDatabase(path);
    }

    public SqliteDatabase Database { get; }

    private readonly Lock _stagingFileLock = new();

    public string Description => $"SQLite {Database.Path}";

    public StoreLimits Limits { get; } = new(Staging.StagingTables.MaxPartitions,
        "SQLite staging reads all partitions through one compound SELECT, which SQLite limits to 500 arms");

    /// <summary>Serialises this process's write transactions; other processes wait on SQLite's busy timeout.</summary>
    internal SemaphoreSlim WriteGate { get; } = new(1, 1);

    public Task<IReadOnlyList<string>> SchemaProblemsAsync(CancellationToken ct)
    {
        IReadOnlyList<string> pending;
        if (File.Exists(Database.Path))
        {
            using var connection = Database.Open();
            pending = SqliteMigrator.Pending(connection, "Main");
        }
        else
        {
            pending = [.. SqliteMigrator.Scripts("Main").Select(s => s.Name)];
        }

        return Task.FromResult<IReadOnlyList<string>>([.. pending.Select(SchemaProblems.NotApplied)]);
    }

    public Task MigrateAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Database.Path)!);
        using var connection = Database.Open();
        SqliteMigrator.Migrate(connection, "Main");
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var fund in Funds.All)
        {
            connection.Execute($"""
                INSERT INTO fund_balance (fund_type, current_balance, last_updated, updated_by)
                VALUES (@fund, 0, {SqliteDatabase.NowText}, 'INIT')
                ON CONFLICT (fund_type) DO NOTHING
                """, new { fund = fund.Code() }, transaction);
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public async Task<long> SaveRuleSetAsync(RuleSet rules, CancellationToken ct)
    {
        await WriteGate.WaitAsync(ct);
        try
        {
            using var connection = Database.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var id = RuleSetRows.Save(connection, transaction, rules);
            transaction.Commit();
            return id;
        }
        finally
        {
            WriteGate.Release();
        }
    }

    public Task<RuleSet> LoadRuleSetAsync(long ruleSetId, CancellationToken ct)
    {
        using var connection = Database.Open();
        var content = connection.QuerySingleOrDefault<string>("SELECT content FROM posting_rule_set WHERE rule_set_id = @ruleSetId", new { ruleSetId })
                      ?? throw new InvalidOperationException($"rule set {ruleSetId} is not stored");
        return Task.FromResult(RuleSetLoader.Parse(content, $"stored rule set {ruleSetId}"));
    }

    public Task<long> NextJeNumberAsync(CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(connection.ExecuteScalar<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header"));
    }

    public Task<FundAmounts> GetFundBalancesAsync(CancellationToken ct)
    {
        using var connection = Database.Open();
        var balances = new FundAmounts();
        foreach (var (fund, balance) in connection.Query<(string, long)>("SELECT fund_type, current_balance FROM fund_balance"))
        {
            balances[Funds.Parse(fund)] = new Money(balance);
        }

        return Task.FromResult(balances);
    }

    public ValueTask DisposeAsync()
    {
        WriteGate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs a write transaction behind the in-process write gate.</summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct)
    {
        await WriteGate.WaitAsync(ct);
        try
        {
            using var connection = Database.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            WriteGate.Release();
        }
    }
}
