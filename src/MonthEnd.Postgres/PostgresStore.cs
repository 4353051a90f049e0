using System.Data;
using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Migrations;
using MonthEnd.Postgres.Resilience;
using Npgsql;
using Polly;

namespace MonthEnd.Postgres;

/// <summary>
/// The production store on PostgreSQL 15+. Every operation takes a pooled connection of its own
/// and runs through the resilience pipeline, so a connection lost mid-operation (a restart, a
/// terminated backend) is retried on a new one. Worker processes on many machines share it.
/// </summary>
public sealed partial class PostgresStore : IMonthEndStore
{
    private readonly IReadOnlyList<string> _withheld;

    public PostgresStore(string connection, PostgresOptions? options = null)
    {
        Options = options ?? new PostgresOptions();
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.Normalize(connection));
        builder.ApplicationName ??= "monthend";
        ConnectionString = builder.ConnectionString;
        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        Resilience = PostgresResilience.Build(Options, DataSource);
        Description = $"PostgreSQL {PostgresConnection.Describe(connection)}";
        _withheld = PostgresConnection.Withheld(connection);
    }

    public PostgresOptions Options { get; }

    public string Description { get; }

    /// <summary>A bound, not a capacity: the coordinator and `status` read every partition row on each poll.</summary>
    public StoreLimits Limits { get; } = new(10_000, "a batch's coordinator reads every partition on each poll");

    internal NpgsqlDataSource DataSource { get; }

    /// <summary>The normalized connection string, password included (a dry run's scratch database is reached with it); never shown.</summary>
    internal string ConnectionString { get; }

    internal ResiliencePipeline Resilience { get; }

    public Task MigrateAsync(CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await PostgresMigrator.MigrateAsync(connection, token);
            foreach (var fund in Funds.All)
            {
                await connection.ExecuteAsync("""
                    INSERT INTO fund_balance (fund_type, current_balance, last_updated, updated_by) VALUES (@fund, 0, now(), 'INIT')
                    ON CONFLICT (fund_type) DO NOTHING
                    """, new { fund = fund.Code() });
            }

            return true;
        }, ct);

    public Task<IReadOnlyList<string>> SchemaProblemsAsync(CancellationToken ct) =>
        RunAsync<IReadOnlyList<string>>(async (connection, token) =>
        {
            var pending = await PostgresMigrator.PendingAsync(connection, token);
            return pending.Count > 0
                ? [.. pending.Select(SchemaProblems.NotApplied)]
                : [.. await connection.QueryAsync<string>(SqlText.Get("amount_columns_not_in_sen"))];
        }, ct);

    public Task<long> SaveRuleSetAsync(RuleSet rules, string loadedBy, CancellationToken ct) =>
        InTransactionAsync((connection, transaction, _) => RuleSetRows.SaveAsync(connection, transaction, rules, loadedBy), ct);

    public Task<RuleSet> LoadRuleSetAsync(long ruleSetId, CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            var content = await connection.QuerySingleOrDefaultAsync<string>(
                              "SELECT content FROM posting_rule_set WHERE rule_set_id = @ruleSetId", new { ruleSetId })
                          ?? throw new InvalidOperationException($"rule set {ruleSetId} is not stored");
            return RuleSetLoader.Parse(content, $"stored rule set {ruleSetId}");
        }, ct);

    public Task<long> NextJeNumberAsync(CancellationToken ct) =>
        RunAsync((connection, _) => connection.ExecuteScalarAsync<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header"), ct);

    public Task<FundAmounts> GetFundBalancesAsync(CancellationToken ct) =>
        RunAsync((connection, _) => FundBalancesAsync(connection, null), ct);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    /// <summary>Runs an operation on a connection of its own, retrying transient failures on a new one.</summary>
    internal async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken ct) =>
        await Resilience.ExecuteAsync(async token =>
        {
            await using var connection = await OpenAsync(token);
            return await work(connection, token);
        }, ct);

    /// <summary>
    /// A pooled connection. The server's refusal quotes the database and user it was given, which hold
    /// the password when a separator was typed as a space ("Database=monthend Password=…"): such a
    /// refusal (never transient) is thrown again without them (<see cref="PostgresConnection.Withheld"/>),
    /// and without the original, whose text has them too.
    /// </summary>
    internal async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        try
        {
            return await DataSource.OpenConnectionAsync(ct);
        }
        catch (NpgsqlException e) when (PostgresConnection.Scrub(e.Message, _withheld) is var shown && shown != e.Message)
        {
            throw new NpgsqlException(shown);
        }
    }

    /// <summary>Runs an operation in one transaction, retried as a whole on a transient failure.</summary>
    internal Task<T> InTransactionAsync<T>(
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken ct,
        IsolationLevel isolation = IsolationLevel.ReadCommitted) =>
        RunAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(isolation, token);
            var result = await work(connection, transaction, token);
            await transaction.CommitAsync(token);
            return result;
        }, ct);
}
