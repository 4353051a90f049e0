using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Migrations;

namespace MonthEnd.Sqlite;

/// <summary>
/// The embedded store: one SQLite file for source, reference data, ledger and batch control, plus a
/// staging file per batch. In-process workers share it, and worker processes may join; SQLite has
/// one writer at a time, so every write queues on <see cref="WriteGate"/> (this process's threads
/// and other processes alike) instead of spinning on SQLite's file locks.
/// </summary>
public sealed partial class SqliteStore : IMonthEndStore
{
    /// <param name="path">The main database file.</param>
    /// <param name="lockWait">How long a write waits for the database's write lock before it gives up naming the holder.</param>
    public SqliteStore(string path, TimeSpan? lockWait = null)
    {
        Database = new SqliteDatabase(path);
        WriteGate = new WriterLock(Database.Path, lockWait ?? SqliteDatabase.LockWait);
    }

    public SqliteDatabase Database { get; }

    private readonly Lock _stagingFileLock = new();

    public string Description => $"SQLite {Database.Path}";

    public StoreLimits Limits { get; } = new(Staging.StagingTables.MaxPartitions,
        "SQLite staging reads all partitions through one compound SELECT, which SQLite limits to 500 arms");

    /// <summary>The database's one writer: every write transaction, in any process, holds it (see <see cref="WriterLock"/> for the lock order).</summary>
    internal WriterLock WriteGate { get; }

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

    public async Task MigrateAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Database.Path)!);
        using var writing = await WriteGate.EnterAsync("migrating the schema", ct);
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
    }

    public Task<long> SaveRuleSetAsync(RuleSet rules, string loadedBy, CancellationToken ct) =>
        WriteAsync((connection, transaction) => RuleSetRows.Save(connection, transaction, rules, loadedBy), ct);

    public Task<RuleSet> LoadRuleSetAsync(long ruleSetId, CancellationToken ct) => Task.FromResult(LoadRuleSet(ruleSetId));

    private RuleSet LoadRuleSet(long ruleSetId)
    {
        using var connection = Database.Open();
        var content = connection.QuerySingleOrDefault<string>("SELECT content FROM posting_rule_set WHERE rule_set_id = @ruleSetId", new { ruleSetId })
                      ?? throw new InvalidOperationException($"rule set {ruleSetId} is not stored");
        return RuleSetLoader.Parse(content, $"stored rule set {ruleSetId}");
    }

    public Task<long> NextJeNumberAsync(CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(connection.ExecuteScalar<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header"));
    }

    public Task<FundAmounts> GetFundBalancesAsync(CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(FundBalances(connection, null));
    }

    public ValueTask DisposeAsync()
    {
        WriteGate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs a write transaction on the main file behind the database's write lock; <paramref name="doing"/> names it to waiters.</summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct, [CallerMemberName] string doing = "")
    {
        using var writing = await WriteGate.EnterAsync(doing, ct);
        using var connection = Database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }
}
