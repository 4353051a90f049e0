using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Rollback;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Staging;

namespace MonthEnd.Sqlite;

/// <summary>
/// Rollbacks (<see cref="IBatchRollback"/>). A committed rollback is one write transaction behind the
/// write lock: the refusal checks, the deletes, the fund and source resets and the status change
/// commit together or not at all, whatever kills the process.
/// </summary>
public sealed partial class SqliteStore : IBatchRollback
{
    private static readonly (string Table, string Id, string Kind)[] SourceTables =
        [("premium_transaction", "txn_id", "PREMIUM"), ("claims_transaction", "claim_id", "CLAIM")];

    public async Task<BatchRecord> RollBackUncommittedAsync(string batchId, string reason, CancellationToken ct)
    {
        var batch = await WriteAsync((connection, transaction) =>
        {
            var current = FindBatch(connection, transaction, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Running, null);
            if (UncommittedRollbackRules.Refusal(current) is { } refusal)
            {
                throw new RollbackRefusedException(batchId, refusal);
            }

            return Move(connection, transaction, batchId, current.Status, BatchStatus.RolledBack, reason);
        }, ct);
        StagingFile.Delete(Database.StagingFileOf(batchId));
        return batch;
    }

    public async IAsyncEnumerable<FootprintRow> ReadFootprintAsync(BatchRecord batch, [EnumeratorCancellation] CancellationToken ct)
    {
        using var connection = Database.Open();
        // One read transaction: WAL gives it one snapshot of every table read below.
        using var transaction = connection.BeginTransaction(deferred: true);
        var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
        foreach (var row in Rows(connection, transaction, "journal_entry_header", "SELECT * FROM journal_entry_header WHERE je_id BETWEEN @first AND @last ORDER BY je_id", range))
        {
            yield return row;
        }

        foreach (var row in Rows(connection, transaction, "journal_entry_line", "SELECT * FROM journal_entry_line WHERE je_id BETWEEN @first AND @last ORDER BY je_id, line_number", range))
        {
            yield return row;
        }

        foreach (var row in Rows(connection, transaction, "fund_balance", "SELECT * FROM fund_balance ORDER BY fund_type", null))
        {
            yield return row;
        }

        foreach (var (table, id, kind) in SourceTables)
        {
            var ids = SourceRange(connection, transaction, batch.BatchId, kind);
            foreach (var row in Rows(connection, transaction, table,
                $"SELECT * FROM {table} WHERE batch_processed = 1 AND {id} BETWEEN @first AND @last AND batch_id = @batchId ORDER BY {id}",
                new { ids.first, ids.last, batchId = batch.BatchId }))
            {
                yield return row;
            }
        }

        await Task.CompletedTask;
    }

    public Task<BatchFootprint> MeasureFootprintAsync(BatchRecord batch, CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(Footprint(connection, null, batch));
    }

    public Task<CommittedRollback> RollBackCommittedAsync(string batchId, BatchFootprint expected, string reason, string rolledBackBy, CancellationToken ct)
    {
        StoredText.Key(rolledBackBy, "the user rolling back");
        return WriteAsync((connection, transaction) =>
        {
            var batch = FindBatch(connection, transaction, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Committed, null);
            var lastJe = connection.ExecuteScalar<long>("SELECT coalesce(max(je_id), 0) FROM journal_entry_header", transaction: transaction);
            var openBatch = connection.QueryFirstOrDefault<string>(
                "SELECT batch_id FROM staging_month_end_master WHERE status IN (SELECT value FROM json_each(@open))",
                new { open = OpenStatusesJson }, transaction);
            var periodClosed = connection.ExecuteScalar<long>(
                "SELECT count(*) FROM accounting_period WHERE period = @period AND status = 'CLOSED'", new { period = batch.Period.ToString() }, transaction) > 0;
            if (CommittedRollbackRules.Refusal(batch, lastJe, openBatch, periodClosed) is { } refusal)
            {
                throw new RollbackRefusedException(batchId, refusal);
            }

            var footprint = Footprint(connection, transaction, batch);
            if (footprint != expected)
            {
                throw new RollbackRefusedException(batchId, $"it holds {footprint} now but the backup holds {expected}; nothing was changed: run it again for a new backup");
            }

            var before = FundBalances(connection, transaction);
            var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
            var t = connection.QuerySingle<(long Lines, long Debit, long Credit, long Tabarru, long Tanahud, long Ujroh)>(SqlText.Get("ledger_range_totals"), range, transaction);
            var net = FundAmounts.Of(new Money(t.Tabarru), new Money(t.Tanahud), new Money(t.Ujroh));
            connection.Execute("DELETE FROM journal_entry_line WHERE je_id BETWEEN @first AND @last", range, transaction);
            connection.Execute("DELETE FROM journal_entry_header WHERE je_id BETWEEN @first AND @last", range, transaction);
            foreach (var fund in Funds.All)
            {
                connection.Execute($"""
                    UPDATE fund_balance SET current_balance = current_balance - @net, last_updated = {SqliteDatabase.NowText}, updated_by = @by
                    WHERE fund_type = @fund
                    """, new { net = net[fund].ToMoney().Minor, by = $"ROLLBACK {batchId} by {rolledBackBy}", fund = fund.Code() }, transaction);
            }

            ResetSource(connection, transaction, batchId);

            var rolledBack = Move(connection, transaction, batchId, BatchStatus.Committed, BatchStatus.RolledBack, reason);
            LogEvent(connection, transaction, batchId, "LEDGER_ROLLED_BACK", $"by {rolledBackBy}: removed {footprint}; fund changes reversed: {net}");
            return new CommittedRollback(rolledBack, footprint, net, before, FundBalances(connection, transaction));
        }, ct);
    }

    /// <summary>The source rows a batch marked back to unprocessed (batch_processed 0, batch_id and je_created_at NULL), by its partitions' id ranges.</summary>
    private static (long Premiums, long Claims) ResetSource(SqliteConnection connection, SqliteTransaction transaction, string batchId)
    {
        var reset = SourceTables.Select(s =>
        {
            var ids = SourceRange(connection, transaction, batchId, s.Kind);
            return (long)connection.Execute($"""
                UPDATE {s.Table} SET batch_processed = 0, batch_id = NULL, je_created_at = NULL
                WHERE batch_processed = 1 AND {s.Id} BETWEEN @first AND @last AND batch_id = @batchId
                """, new { ids.first, ids.last, batchId }, transaction);
        }).ToArray();
        return (reset[0], reset[1]);
    }

    private static BatchFootprint Footprint(SqliteConnection connection, SqliteTransaction? transaction, BatchRecord batch)
    {
        var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
        var entries = connection.ExecuteScalar<long>("SELECT count(*) FROM journal_entry_header WHERE je_id BETWEEN @first AND @last", range, transaction);
        var lines = connection.ExecuteScalar<long>("SELECT count(*) FROM journal_entry_line WHERE je_id BETWEEN @first AND @last", range, transaction);
        var marked = SourceTables.Select(s =>
        {
            var ids = SourceRange(connection, transaction, batch.BatchId, s.Kind);
            return connection.ExecuteScalar<long>(
                $"SELECT count(*) FROM {s.Table} WHERE batch_processed = 1 AND {s.Id} BETWEEN @first AND @last AND batch_id = @batchId",
                new { ids.first, ids.last, batchId = batch.BatchId }, transaction);
        }).ToArray();
        return new BatchFootprint(entries, lines, marked[0], marked[1]);
    }

    private static (long first, long last) SourceRange(SqliteConnection connection, SqliteTransaction? transaction, string batchId, string kind) =>
        connection.QuerySingle<(long?, long?)>(SqlText.Get("rollback_source_range"), new { batchId, kind }, transaction) is (long first, long last)
            ? (first, last)
            : (1, 0);

    private static FundAmounts FundBalances(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var balances = new FundAmounts();
        foreach (var (fund, balance) in connection.Query<(string, long)>("SELECT fund_type, current_balance FROM fund_balance", transaction: transaction))
        {
            balances[Funds.Parse(fund)] = new Money(balance);
        }

        return balances;
    }

    private static IEnumerable<FootprintRow> Rows(SqliteConnection connection, SqliteTransaction transaction, string table, string sql, object? parameters)
    {
        using var reader = connection.ExecuteReader(sql, parameters, transaction);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        while (reader.Read())
        {
            var values = new object?[columns.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            yield return new FootprintRow(table, columns, values);
        }
    }
}
