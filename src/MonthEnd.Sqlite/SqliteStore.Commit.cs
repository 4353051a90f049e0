using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Diagnostics;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Sqlite.SourceRows;
using MonthEnd.Sqlite.Staging;

namespace MonthEnd.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Validation and commit in one transaction. BEGIN IMMEDIATE holds SQLite's write lock from the
    /// first measurement to the last write, so neither the source nor staging nor the ledger can
    /// change between the checks and the commit.
    /// </summary>
    public async Task<CommitOutcome> ValidateAndCommitAsync(BatchRecord batch, RuleSet rules, bool commit, string postedBy, CancellationToken ct)
    {
        // Lock order: the write lock, then main, then staging (BEGIN IMMEDIATE takes main's before the attached file's).
        var writing = await WriteGate.EnterAsync($"validating and committing batch {batch.BatchId}", ct);
        try
        {
            using var connection = OpenWithStaging(batch.BatchId, SqliteDatabase.CommitCacheMegabytes);
            var timer = new StepTimer();
            ValidationReport report;
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                var current = ReadyToValidate(connection, transaction, batch.BatchId);

                (report, var facts, var partitions) = Verify(connection, transaction, current, rules, timer);
                SaveValidation(connection, transaction, batch.BatchId, report);
                if (!report.Passed || !commit)
                {
                    var ended = report.Passed
                        ? current
                        : Move(connection, transaction, batch.BatchId, BatchStatus.Validating, BatchStatus.Failed, "validation failed: " + report.Summary());
                    transaction.Commit();
                    return new CommitOutcome(ended, report, null, timer.Steps);
                }

                try
                {
                    Move(connection, transaction, batch.BatchId, BatchStatus.Validating, BatchStatus.Committing, null);
                    var result = WriteLedger(connection, transaction, current, partitions, rules, facts.FundNetChange, postedBy, timer);
                    connection.Execute($"""
                        UPDATE staging_month_end_master
                        SET status = 'COMMITTED', actual_je_count = @headers, committed_at = {SqliteDatabase.NowText}, updated_at = {SqliteDatabase.NowText},
                            status_reason = NULL
                        WHERE batch_id = @batchId AND status = 'COMMITTING'
                        """, new { headers = result.HeadersWritten, batchId = batch.BatchId }, transaction);
                    LogEvent(connection, transaction, batch.BatchId, "BATCH_COMMITTED",
                        $"{result.HeadersWritten} entries, {result.LinesWritten} lines, JE {current.Sequence}; funds {result.FundNetChange}; steps: {timer}");
                    transaction.Commit();
                    timer.Mark("durable commit");
                    return new CommitOutcome(FindBatch(connection, null, batch.BatchId)!, report, result, timer.Steps);
                }
                catch (CommitRefusedException e)
                {
                    transaction.Rollback();
                    report = report.RefusedAtCommit(e.Reason);
                }
            }

            // The refused commit wrote nothing; record why, in a transaction of its own.
            using var failing = connection.BeginTransaction(deferred: false);
            SaveValidation(connection, failing, batch.BatchId, report);
            var failed = Move(connection, failing, batch.BatchId, BatchStatus.Validating, BatchStatus.Failed, "validation failed: " + report.Summary());
            failing.Commit();
            return new CommitOutcome(failed, report, null, timer.Steps);
        }
        finally
        {
            writing.Dispose();
        }
    }

    /// <summary>The batch, VALIDATING; a COMMITTING one is put back to VALIDATING (its commit's transaction died with its process).</summary>
    internal static BatchRecord ReadyToValidate(SqliteConnection connection, SqliteTransaction transaction, string batchId)
    {
        var current = FindBatch(connection, transaction, batchId)!;
        if (current.Status == BatchStatus.Committing)
        {
            current = Move(connection, transaction, batchId, BatchStatus.Committing, BatchStatus.Validating, BatchStatuses.InterruptedCommit);
        }

        return current.Status == BatchStatus.Validating ? current : throw new BatchStateException(batchId, BatchStatus.Validating, current.Status);
    }

    /// <summary>
    /// Runs every check. Staging's facts come from its chunks' seals when the staging file's write
    /// chain proves that nothing but those chunks wrote it (<see cref="ChunkSeals"/>); otherwise every
    /// staged row is read and hashed, in two halves of the partitions on connections of their own,
    /// beside the source scan (one core each). This transaction already holds the write lock on
    /// both files, so what they read is exactly what the commit will write from.
    /// </summary>
    private (ValidationReport Report, StagingFacts Facts, IReadOnlyList<PartitionRecord> Partitions) Verify(
        SqliteConnection connection, SqliteTransaction transaction, BatchRecord batch, RuleSet rules, StepTimer timer)
    {
        var partitions = GetPartitions(connection, transaction, batch.BatchId, withCheckpoints: true);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var sealedStaging = ChunkSeals.Reconcile(connection, transaction);
        Task<(StagingFacts Facts, TimeSpan Elapsed)> measure;
        if (sealedStaging.Facts is { } fromSeals)
        {
            timer.Record("staging as its chunks sealed it", watch.Elapsed);
            measure = Task.FromResult((fromSeals, TimeSpan.Zero));
        }
        else
        {
            timer.Record($"staging unlike its chunk seals ({sealedStaging.Difference})", watch.Elapsed);
            measure = Task.Run(() => MeasureStaging(batch, partitions));
        }

        var scan = Task.Run(() =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var reader = Database.Open();
            var scanned = SourcePass.Scan(ReadAhead.Of(ReadPremiums(reader, batch.Period)), ReadAhead.Of(ReadClaims(reader, batch.Period)), rules);

            // Rows of any period whose date became no date, and ids of the batch that another batch
            // posted since planning (or a hand edit marked), refuse the commit as they refuse a
            // pre-flight: this transaction holds the write lock, so none can appear until it ends.
            // An undated row changes nothing this batch posts, but its date may have been meant for
            // this month, which no batch will run again once committed (PostgresStore.StraysAsync).
            // Both lookups go through indexes of a few rows: checked at every commit, hand edits included.
            return (Source: scanned.With(SourcePass.Violations(StrayRows.Read(reader, batch.Period, PostedIdRanges.Of(partitions)), rules)), watch.Elapsed);
        });
        var (facts, measured) = measure.GetAwaiter().GetResult();
        var (source, scanned) = scan.GetAwaiter().GetResult();
        if (sealedStaging.Facts is null)
        {
            timer.Record("measure staging (content digests) ∥", measured);
        }

        timer.Record("scan source (and strays) ∥", scanned);
        timer.Mark("staging facts + scan source");
        var next = connection.ExecuteScalar<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header", transaction: transaction);
        var difference = FirstContentDifference(batch, partitions, facts, rules);
        return (BatchVerifier.Evaluate(batch, partitions, source, facts, next, difference), facts, partitions);
    }

    /// <summary>
    /// Every staged row read and hashed. The measurement outlasts the source scan, so it is split in
    /// two halves of the partitions on connections of their own: once the scan is done, both cores
    /// measure. Entries never straddle partitions, so the halves' facts add up.
    /// </summary>
    private (StagingFacts Facts, TimeSpan Elapsed) MeasureStaging(BatchRecord batch, IReadOnlyList<PartitionRecord> partitions)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var halves = partitions.Select((p, i) => (p, i)).GroupBy(x => x.i % 2, x => x.p).Select(g => g.ToList()).ToList();
        var facts = halves.AsParallel().WithDegreeOfParallelism(2).Select(half =>
        {
            using var reader = OpenWithStaging(batch.BatchId);
            return StagingMeasure.Measure(reader, half, partitions);
        }).ToList();
        return (StagingFactsSum.Of(facts), watch.Elapsed);
    }

    /// <summary>
    /// When a partition's staged rows do not add up to what its source makes, the first row that
    /// differs: the partition's entries posted again from the source beside its staged rows.
    /// </summary>
    private string? FirstContentDifference(BatchRecord batch, IReadOnlyList<PartitionRecord> partitions, StagingFacts facts, RuleSet rules)
    {
        var (partition, message) = ContentComparison.ToExplain(partitions, facts);
        if (partition is null)
        {
            return message;
        }

        using var reader = OpenWithStaging(batch.BatchId);
        var expected = new PartitionPosting(rules, partition).Entries(ReadPremiums(reader, batch.Period), ReadClaims(reader, batch.Period));
        return ContentComparison.Describe(partition, expected, StagingMeasure.ContentRows(reader, partition.PartitionNo));
    }

    private static CommitResult WriteLedger(
        SqliteConnection connection, SqliteTransaction transaction, BatchRecord batch, IReadOnlyList<PartitionRecord> partitions, RuleSet rules,
        FundAmounts validated, string postedBy, StepTimer timer)
    {
        var now = connection.ExecuteScalar<string>($"SELECT {SqliteDatabase.NowText}", transaction: transaction);
        var header = new
        {
            coa = batch.CoaVersion, postedBy, postedAt = now,
            batchId = batch.BatchId, batchCreatedAt = batch.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        };

        // Partition by partition, in JE number order: every ledger insert is an append.
        long headers = 0;
        foreach (var partition in partitions)
        {
            headers += connection.Execute(StagingMeasure.For(partition, "commit_headers"), header, transaction);
        }

        Refuse(headers != batch.ExpectedJeCount, batch, $"wrote {headers} headers, expected {batch.ExpectedJeCount}");
        timer.Mark("headers");
        long lines = 0;
        foreach (var partition in partitions)
        {
            lines += connection.Execute(StagingMeasure.For(partition, "commit_lines"), transaction: transaction);
        }

        Refuse(lines != batch.ExpectedLineCount, batch, $"wrote {lines} lines, expected {batch.ExpectedLineCount}");
        timer.Mark("lines");

        // Fund movements are taken from the ledger just written, as the original design does, and
        // must equal what validation reconciled to the source.
        var ledger = connection.QuerySingle<(long Lines, long Debit, long Credit, long Tabarru, long Tanahud, long Ujroh)>(
            SqlText.Get("ledger_range_totals"), new { first = batch.Sequence.First, last = batch.Sequence.Last }, transaction);
        var net = FundAmounts.Of(new Money(ledger.Tabarru), new Money(ledger.Tanahud), new Money(ledger.Ujroh));
        Refuse(Funds.All.Any(f => net[f] != validated[f]), batch, $"ledger fund movements ({net}) differ from the validated ones ({validated})");
        Refuse(ledger.Debit != ledger.Credit || ledger.Lines != lines, batch, "the written ledger range does not balance");
        timer.Mark("fund totals");
        foreach (var fund in Funds.All)
        {
            connection.Execute($"""
                UPDATE fund_balance SET current_balance = current_balance + @net, last_updated = {SqliteDatabase.NowText}, updated_by = @by
                WHERE fund_type = @fund
                """, new { net = net[fund].ToMoney().Minor, by = $"BATCH {batch.BatchId}", fund = fund.Code() }, transaction);
        }

        var premiums = MarkSource(connection, transaction, batch, partitions, SourceKind.Premium, rules.PremiumStatuses.Post, now!);
        Refuse(premiums != batch.PremiumCount, batch, $"marked {premiums} premiums, expected {batch.PremiumCount}");
        var claims = MarkSource(connection, transaction, batch, partitions, SourceKind.Claim, rules.ClaimStatuses.Post, now!);
        Refuse(claims != batch.ClaimCount, batch, $"marked {claims} claims, expected {batch.ClaimCount}");
        timer.Mark("source marked");
        return new CommitResult(headers, lines, premiums, claims, net);
    }

    /// <summary>Marks the posted source rows of each partition, a bounded id range at a time.</summary>
    private static long MarkSource(
        SqliteConnection connection, SqliteTransaction transaction, BatchRecord batch, IReadOnlyList<PartitionRecord> partitions,
        SourceKind kind, IReadOnlyList<string> postStatuses, string now)
    {
        const int RowsPerUpdate = 50_000;
        var (mark, rangeEnd) = kind == SourceKind.Premium ? ("mark_premiums", "premium_range_end") : ("mark_claims", "claim_range_end");
        var statuses = JsonSerializer.Serialize(postStatuses);
        long marked = 0;
        foreach (var partition in partitions.Where(p => p.Kind == kind))
        {
            for (var after = partition.FirstSourceId - 1; after < partition.LastSourceId;)
            {
                var upTo = connection.ExecuteScalar<long?>(SqlText.Get(rangeEnd),
                    new { after, last = partition.LastSourceId, step = RowsPerUpdate - 1 }, transaction) ?? partition.LastSourceId;
                marked += connection.Execute(SqlText.Get(mark), new
                {
                    batchId = batch.BatchId, now, after, upTo, statuses,
                    start = batch.Period.Start.ToString("yyyy-MM-dd"), end = batch.Period.End.ToString("yyyy-MM-dd"),
                }, transaction);
                after = upTo;
            }
        }

        return marked;
    }

    /// <param name="holders">Whether to read whose records they are too (<see cref="SourceRowReader.HolderColumns"/>): for findings only.</param>
    internal static IEnumerable<PremiumRecord> ReadPremiums(SqliteConnection connection, Period period, bool holders = false)
    {
        using var query = new RawStatement(connection,
            $"SELECT {SourceRowReader.PremiumColumns}{(holders ? SourceRowReader.HolderColumns : "")} FROM premium_transaction WHERE {PremiumScope} ORDER BY txn_id NULLS FIRST, rowid");
        BindPeriod(query, period);
        var reader = new SourceRowReader();
        while (query.Read())
        {
            // Text in the period's range that is no date (e.g. '2025-01-00') is not in the period: StrayRows reports it.
            if (reader.ReadPremium(query) is { PaymentDate: not null } premium)
            {
                yield return premium;
            }
        }
    }

    internal static IEnumerable<ClaimRecord> ReadClaims(SqliteConnection connection, Period period, bool holders = false)
    {
        using var query = new RawStatement(connection,
            $"SELECT {SourceRowReader.ClaimColumns}{(holders ? SourceRowReader.HolderColumns : "")} FROM claims_transaction WHERE {ClaimScope} ORDER BY claim_id NULLS FIRST, rowid");
        BindPeriod(query, period);
        var reader = new SourceRowReader();
        while (query.Read())
        {
            if (reader.ReadClaim(query) is { ClaimDate: not null } claim)
            {
                yield return claim;
            }
        }
    }

    internal static void BindPeriod(RawStatement query, Period period) =>
        query.Bind("@start", period.Start.ToString("yyyy-MM-dd")).Bind("@end", period.End.ToString("yyyy-MM-dd"));

    /// <summary>A re-check while writing the ledger: when it fails, the commit's transaction rolls back and the batch FAILS with COMMIT_RECHECK.</summary>
    private static void Refuse(bool condition, BatchRecord batch, string reason)
    {
        if (condition)
        {
            throw new CommitRefusedException(batch.BatchId, reason);
        }
    }
}
