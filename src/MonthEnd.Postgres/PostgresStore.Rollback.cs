using System.Data;
using System.Runtime.CompilerServices;
using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Rollback;
using MonthEnd.Core.Storage;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// Rollbacks (<see cref="IBatchRollback"/>). A committed rollback locks the batch table against new
/// batches and status changes, drops the batch's ledger partitions and resets funds and source in one
/// transaction: a crash anywhere leaves the ledger as before.
/// </summary>
public sealed partial class PostgresStore : IBatchRollback
{
    private static readonly (string Table, string DateColumn)[] SourceTables =
        [("premium_transaction", "payment_date"), ("claims_transaction", "claim_date")];

    public Task<BatchRecord> RollBackUncommittedAsync(string batchId, string reason, CancellationToken ct) =>
        InTransactionAsync(async (connection, transaction, _) =>
        {
            var current = await FindBatchAsync(connection, transaction, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Running, null);
            if (UncommittedRollbackRules.Refusal(current) is { } refusal)
            {
                throw new RollbackRefusedException(batchId, refusal);
            }

            var rolledBack = await MoveAsync(connection, transaction, batchId, current.Status, BatchStatus.RolledBack, reason);
            await connection.ExecuteAsync("SELECT monthend_drop_staging(@key)", new { key = await BatchKeyAsync(connection, transaction, batchId) }, transaction);
            await connection.ExecuteAsync("UPDATE staging_month_end_master SET staging_location = NULL WHERE batch_id = @batchId", new { batchId }, transaction);
            return rolledBack with { StagingLocation = null };
        }, ct);

    public async IAsyncEnumerable<FootprintRow> ReadFootprintAsync(BatchRecord batch, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
        var queries = new List<(string Table, string Sql, object? Parameters)>
        {
            ("journal_entry_header", "SELECT * FROM journal_entry_header WHERE je_id BETWEEN @first AND @last ORDER BY je_id", range),
            ("journal_entry_line", "SELECT * FROM journal_entry_line WHERE je_id BETWEEN @first AND @last ORDER BY je_id, line_number", range),
            ("fund_balance", "SELECT * FROM fund_balance ORDER BY fund_type", null),
        };
        queries.AddRange(SourceTables.Select(s => (s.Table,
            $"SELECT * FROM {s.Table} WHERE {s.DateColumn} BETWEEN @start AND @end AND batch_id = @batchId ORDER BY row_id",
            (object?)new { start = batch.Period.Start, end = batch.Period.End, batchId = batch.BatchId })));
        foreach (var (table, sql, parameters) in queries)
        {
            await using var reader = await connection.ExecuteReaderAsync(sql, parameters, transaction);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            while (await reader.ReadAsync(ct))
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

    public Task<BatchFootprint> MeasureFootprintAsync(BatchRecord batch, CancellationToken ct) =>
        RunAsync((connection, _) => FootprintAsync(connection, null, batch), ct);

    public Task<CommittedRollback> RollBackCommittedAsync(string batchId, BatchFootprint expected, string reason, string rolledBackBy, CancellationToken ct)
    {
        StoredText.Key(rolledBackBy, "the user rolling back");
        return InTransactionAsync(async (connection, transaction, _) =>
        {
            await connection.ExecuteAsync("LOCK TABLE staging_month_end_master IN SHARE ROW EXCLUSIVE MODE", transaction: transaction);
            var batch = await FindBatchAsync(connection, transaction, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Committed, null);
            var lastJe = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(je_id), 0) FROM journal_entry_header", transaction: transaction);
            var openBatch = await connection.QueryFirstOrDefaultAsync<string>(
                "SELECT batch_id FROM staging_month_end_master WHERE status = ANY(@open)",
                new { open = BatchStatuses.Open.Select(s => s.Code()).ToArray() }, transaction);
            var periodClosed = await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM accounting_period WHERE period = @period AND status = 'CLOSED')", new { period = batch.Period.ToString() }, transaction);
            if (CommittedRollbackRules.Refusal(batch, lastJe, openBatch, periodClosed) is { } refusal)
            {
                throw new RollbackRefusedException(batchId, refusal);
            }

            var footprint = await FootprintAsync(connection, transaction, batch);
            if (footprint != expected)
            {
                throw new RollbackRefusedException(batchId, $"it holds {footprint} now but the backup holds {expected}; nothing was changed: run it again for a new backup");
            }

            var before = await FundBalancesAsync(connection, transaction);
            var net = (await SummarizeLedgerAsync(connection, transaction, batch)).FundNetChange;
            var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
            await connection.ExecuteAsync("SELECT monthend_drop_ledger_partitions(@key)", new { key = await BatchKeyAsync(connection, transaction, batchId) }, transaction);
            // Entries outside the batch's own partitions (the default one) go by range.
            await connection.ExecuteAsync("DELETE FROM journal_entry_line WHERE je_id BETWEEN @first AND @last", range, transaction);
            await connection.ExecuteAsync("DELETE FROM journal_entry_header WHERE je_id BETWEEN @first AND @last", range, transaction);
            foreach (var fund in Funds.All)
            {
                await connection.ExecuteAsync("""
                    UPDATE fund_balance SET current_balance = current_balance - @net, last_updated = now(), updated_by = @by WHERE fund_type = @fund
                    """, new { net = net[fund].ToDecimal(), by = $"ROLLBACK {batchId} by {rolledBackBy}", fund = fund.Code() }, transaction);
            }

            await ResetSourceAsync(connection, transaction, batch);

            var rolledBack = await MoveAsync(connection, transaction, batchId, BatchStatus.Committed, BatchStatus.RolledBack, reason);
            await LogEventAsync(connection, transaction, batchId, "LEDGER_ROLLED_BACK", $"by {rolledBackBy}: removed {footprint}; fund changes reversed: {net}");
            return new CommittedRollback(rolledBack, footprint, net, before, await FundBalancesAsync(connection, transaction));
        }, ct);
    }

    /// <summary>The source rows a batch marked back to unprocessed (batch_processed false, batch_id and je_created_at NULL).</summary>
    private static async Task<(long Premiums, long Claims)> ResetSourceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch)
    {
        var reset = new long[SourceTables.Length];
        for (var i = 0; i < reset.Length; i++)
        {
            reset[i] = await connection.ExecuteAsync($"""
                UPDATE {SourceTables[i].Table} SET batch_processed = FALSE, batch_id = NULL, je_created_at = NULL
                WHERE {SourceTables[i].DateColumn} BETWEEN @start AND @end AND batch_id = @batchId
                """, new { start = batch.Period.Start, end = batch.Period.End, batchId = batch.BatchId }, transaction);
        }

        return (reset[0], reset[1]);
    }

    private static async Task<BatchFootprint> FootprintAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, BatchRecord batch)
    {
        var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
        var entries = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM journal_entry_header WHERE je_id BETWEEN @first AND @last", range, transaction);
        var lines = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM journal_entry_line WHERE je_id BETWEEN @first AND @last", range, transaction);
        var marked = new long[SourceTables.Length];
        for (var i = 0; i < marked.Length; i++)
        {
            marked[i] = await connection.ExecuteScalarAsync<long>(
                $"SELECT count(*) FROM {SourceTables[i].Table} WHERE {SourceTables[i].DateColumn} BETWEEN @start AND @end AND batch_id = @batchId",
                new { start = batch.Period.Start, end = batch.Period.End, batchId = batch.BatchId }, transaction);
        }

        return new BatchFootprint(entries, lines, marked[0], marked[1]);
    }

    private static async Task<FundAmounts> FundBalancesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        var balances = new FundAmounts();
        foreach (var (fund, balance) in await connection.QueryAsync<(string, decimal)>("SELECT fund_type, current_balance FROM fund_balance", transaction: transaction))
        {
            balances[Funds.Parse(fund)] = Money.FromDecimal(balance);
        }

        return balances;
    }
}
