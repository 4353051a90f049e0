using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.SourceRows;

namespace MonthEnd.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// The atomic commit. BEGIN IMMEDIATE holds SQLite's write lock from the first re-check to the
    /// last write, so nothing can change the source or the ledger in between.
    /// </summary>
    public async Task<CommitResult> CommitAsync(BatchRecord batch, RuleSet rules, FundAmounts validatedFundNetChange, CancellationToken ct)
    {
        await WriteGate.WaitAsync(ct);
        try
        {
            using var connection = OpenWithStaging(batch.BatchId, cacheMegabytes: 64);
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = FindBatch(connection, transaction, batch.BatchId)!;
            if (current.Status != BatchStatus.Committing)
            {
                throw new BatchStateException(batch.BatchId, BatchStatus.Committing, current.Status);
            }

            RecheckInsideTransaction(connection, transaction, current, rules);
            var result = WriteLedger(connection, transaction, current, rules, validatedFundNetChange);
            connection.Execute($"""
                UPDATE staging_month_end_master
                SET status = 'COMMITTED', actual_je_count = @headers, committed_at = {SqliteDatabase.NowText}, updated_at = {SqliteDatabase.NowText},
                    status_reason = NULL
                WHERE batch_id = @batchId AND status = 'COMMITTING'
                """, new { headers = result.HeadersWritten, batchId = batch.BatchId }, transaction);
            LogEvent(connection, transaction, batch.BatchId, "BATCH_COMMITTED",
                $"{result.HeadersWritten} entries, {result.LinesWritten} lines, JE {current.Sequence}; funds {result.FundNetChange}");
            transaction.Commit();
            return result;
        }
        finally
        {
            WriteGate.Release();
        }
    }

    private static void RecheckInsideTransaction(SqliteConnection connection, SqliteTransaction transaction, BatchRecord batch, RuleSet rules)
    {
        var next = connection.ExecuteScalar<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header", transaction: transaction);
        Refuse(next != batch.Sequence.First, batch,
            $"the ledger moved: its next JE number is {next} but the batch was planned from {batch.Sequence.First}");

        var headers = connection.ExecuteScalar<long>("SELECT count(*) FROM staging.staging_je_header", transaction: transaction);
        Refuse(headers != batch.ExpectedJeCount, batch, $"record count mismatch: expected {batch.ExpectedJeCount}, staging holds {headers}");
        var lines = connection.QuerySingle<(long Count, long Debit, long Credit)>(
            "SELECT count(*), coalesce(sum(debit_amount), 0), coalesce(sum(credit_amount), 0) FROM staging.staging_je_line", transaction: transaction);
        Refuse(lines.Count != batch.ExpectedLineCount, batch, $"line count mismatch: expected {batch.ExpectedLineCount}, staging holds {lines.Count}");
        Refuse(lines.Debit != lines.Credit, batch, $"staging no longer balances: debits {new Money(lines.Debit)}, credits {new Money(lines.Credit)}");

        var source = SourcePass.Scan(ReadPremiums(connection, transaction, batch.Period), ReadClaims(connection, transaction, batch.Period), rules);
        Refuse(!source.IsValid, batch, $"{source.ViolationCount} source records became invalid");
        Refuse(source.Checksum != batch.SourceChecksum, batch,
            $"the source changed after validation: checksum {source.Checksum[..12]}… is not the planned {batch.SourceChecksum[..12]}…");
    }

    private static CommitResult WriteLedger(SqliteConnection connection, SqliteTransaction transaction, BatchRecord batch, RuleSet rules, FundAmounts validated)
    {
        var by = Environment.UserName;
        var now = connection.ExecuteScalar<string>($"SELECT {SqliteDatabase.NowText}", transaction: transaction);
        var headers = connection.Execute(SqlText.Get("commit_headers"), new
        {
            coa = batch.CoaVersion, postedBy = by, postedAt = now,
            batchId = batch.BatchId, batchCreatedAt = batch.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        }, transaction);
        Invariant(headers == batch.ExpectedJeCount, $"wrote {headers} headers, expected {batch.ExpectedJeCount}");
        var lines = connection.Execute(SqlText.Get("commit_lines"), transaction: transaction);
        Invariant(lines == batch.ExpectedLineCount, $"wrote {lines} lines, expected {batch.ExpectedLineCount}");

        // Fund movements are taken from the ledger just written, as the original design does, and
        // must equal what validation reconciled to the source.
        var ledger = connection.QuerySingle<(long Lines, long Debit, long Credit, long Tabarru, long Tanahud, long Ujroh)>(
            SqlText.Get("ledger_range_totals"), new { first = batch.Sequence.First, last = batch.Sequence.Last }, transaction);
        var net = FundAmounts.Of(new Money(ledger.Tabarru), new Money(ledger.Tanahud), new Money(ledger.Ujroh));
        Refuse(Funds.All.Any(f => net[f] != validated[f]), batch, $"ledger fund movements ({net}) differ from the validated ones ({validated})");
        Invariant(ledger.Debit == ledger.Credit && ledger.Lines == lines, "the written ledger range does not balance");
        foreach (var fund in Funds.All)
        {
            connection.Execute($"""
                UPDATE fund_balance SET current_balance = current_balance + @net, last_updated = {SqliteDatabase.NowText}, updated_by = @by
                WHERE fund_type = @fund
                """, new { net = net[fund].Minor, by = $"BATCH {batch.BatchId}", fund = fund.Code() }, transaction);
        }

        var marks = new
        {
            batchId = batch.BatchId, now,
            start = batch.Period.Start.ToString("yyyy-MM-dd"), end = batch.Period.End.ToString("yyyy-MM-dd"),
        };
        var premiums = connection.Execute(SqlText.Get("mark_premiums"), new { marks.batchId, marks.now, marks.start, marks.end, statuses = JsonSerializer.Serialize(rules.PremiumStatuses.Post) }, transaction);
        Invariant(premiums == batch.PremiumCount, $"marked {premiums} premiums, expected {batch.PremiumCount}");
        var claims = connection.Execute(SqlText.Get("mark_claims"), new { marks.batchId, marks.now, marks.start, marks.end, statuses = JsonSerializer.Serialize(rules.ClaimStatuses.Post) }, transaction);
        Invariant(claims == batch.ClaimCount, $"marked {claims} claims, expected {batch.ClaimCount}");
        return new CommitResult(headers, lines, premiums, claims, net);
    }

    internal static IEnumerable<PremiumRecord> ReadPremiums(SqliteConnection connection, SqliteTransaction? transaction, Period period)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {SourceRowReader.PremiumColumns} FROM premium_transaction WHERE {PremiumScope} ORDER BY txn_id NULLS FIRST, rowid";
        AddPeriod(command, period);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return SourceRowReader.ReadPremium(reader);
        }
    }

    internal static IEnumerable<ClaimRecord> ReadClaims(SqliteConnection connection, SqliteTransaction? transaction, Period period)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {SourceRowReader.ClaimColumns} FROM claims_transaction WHERE {ClaimScope} ORDER BY claim_id NULLS FIRST, rowid";
        AddPeriod(command, period);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return SourceRowReader.ReadClaim(reader);
        }
    }

    private static void Refuse(bool condition, BatchRecord batch, string reason)
    {
        if (condition)
        {
            throw new CommitRefusedException(batch.BatchId, reason);
        }
    }

    /// <summary>A broken invariant while writing the ledger: throwing rolls the whole commit back.</summary>
    private static void Invariant(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("ledger invariant broken, commit rolled back: " + message);
        }
    }
}
