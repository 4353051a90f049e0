using System.Diagnostics;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Preflights;

/// <summary>
/// The pre-flight as a command (the original design's SOP 1 step 2, the night before the batch): every
/// check runs, whatever an earlier one found, so the operator sees all there is to fix at once.
/// </summary>
public sealed class PreflightOperations(IMonthEndStore store, IStoreProbe probe, OperationGate gate)
{
    /// <summary>Rows the write-speed probe writes: a tenth of a second's work at the speed it asks for.</summary>
    public const int ProbeRows = 5_000;

    public Task<PreflightReport> CheckAsync(Caller caller, Period period, RuleSet rules, CancellationToken ct) =>
        gate.ChangeAsync(caller, Permission.ValidateSource, "PREFLIGHT", null, new { period = period.ToString() }, async c =>
        {
            var checks = new List<PreflightCheck> { await SchemaAsync(c) };
            if (checks[0].Verdict == CheckVerdict.Fail)
            {
                return new PreflightReport(period, checks);
            }

            var batches = await store.ListBatchesAsync(null, 100_000, c);
            checks.Add(await PeriodOpenAsync(period, c));
            checks.Add(PriorBatches(period, batches));
            checks.Add(await PriorSourceAsync(period, rules, c));
            checks.Add(ActiveBatch(period, batches));
            var scan = await store.ReadSourceSnapshotAsync(period, (source, token) => SourcePass.ScanAsync(source, rules, ct: token), c);
            checks.Add(SourceValid(period, scan));
            checks.Add(await WritableAsync(c));
            checks.Add(await DiskSpaceAsync(scan.Totals.PremiumCount * rules.PremiumTemplates.Count + scan.Totals.ClaimCount, c));
            return new PreflightReport(period, checks);
        }, r => new { passed = r.Passed, checks = r.Checks.Select(k => $"{k.Name} {k.Verdict.ToString().ToUpperInvariant()}") }, ct);

    private async Task<PreflightCheck> SchemaAsync(CancellationToken ct)
    {
        var problems = await store.SchemaProblemsAsync(ct);
        return PreflightCheck.Of("DATABASE_REACHABLE", problems.Count == 0, problems.Count == 0
            ? $"{store.Description} answers and its schema is up to date"
            : $"{store.Description} answers but is not ready: {string.Join("; ", problems.Take(3))}");
    }

    private async Task<PreflightCheck> PeriodOpenAsync(Period period, CancellationToken ct)
    {
        var stored = await store.GetPeriodAsync(period, ct);
        return PreflightCheck.Of("PERIOD_OPEN", !stored.IsClosed, stored.IsClosed
            ? $"{period} was closed by {stored.ChangedBy} on {stored.ChangedAt:u}: {Core.Text.Shown.Quote(stored.Reason)}; it must be reopened (four-eyes) to take a batch"
            : $"{period} is open to posting");
    }

    private static PreflightCheck PriorBatches(Period period, IReadOnlyList<BatchRecord> batches)
    {
        var unfinished = batches.Where(b => Earlier(b.Period, period) && b.Status.IsOpen()).OrderBy(b => b.Period.Year).ThenBy(b => b.Period.Month).ToList();
        return PreflightCheck.Of("PRIOR_BATCHES", unfinished.Count == 0, unfinished.Count == 0
            ? $"no batch of a period before {period} is left unfinished"
            : $"batches of earlier periods are not finished: {string.Join(", ", unfinished.Select(b => $"{b.BatchId} {b.Status.Code()}"))}; finish or abort them first");
    }

    /// <summary>The month before holds nothing a batch still has to post (the prerequisite batch is complete).</summary>
    private async Task<PreflightCheck> PriorSourceAsync(Period period, RuleSet rules, CancellationToken ct)
    {
        var previous = Period.Of(period.Start.AddMonths(-1));
        var scan = await store.ReadSourceSnapshotAsync(previous, (source, token) => SourcePass.ScanAsync(source.Premiums, source.Claims, rules, ct: token), ct);
        var left = scan.Totals.PremiumCount + scan.Totals.ClaimCount;
        return PreflightCheck.Of("PRIOR_PERIOD_POSTED", left == 0, left == 0
            ? $"{previous} has nothing left to post"
            : $"{previous} still has {scan.Totals.PremiumCount} premiums and {scan.Totals.ClaimCount} claims to post: its batch is not complete");
    }

    private static PreflightCheck ActiveBatch(Period period, IReadOnlyList<BatchRecord> batches)
    {
        var held = batches.FirstOrDefault(b => b.Period == period && b.IsMonthEnd() && (b.Status.IsOpen() || b.Status == BatchStatus.Committed));
        return held switch
        {
            null => PreflightCheck.Of("NO_ACTIVE_BATCH", true, $"no batch of {period} is open or committed"),
            { Status: BatchStatus.Committed } => PreflightCheck.Of("NO_ACTIVE_BATCH", false,
                $"batch {held.BatchId} of {period} is already COMMITTED; a second one is not run over it"),
            _ => PreflightCheck.Of("NO_ACTIVE_BATCH", false,
                $"batch {held.BatchId} of {period} is {held.Status.Code()}: carry it on (run), or abort or roll it back, before a new one"),
        };
    }

    private static PreflightCheck SourceValid(Period period, SourceScanResult scan) => scan switch
    {
        { IsValid: false } => PreflightCheck.Of("SOURCE_VALID", false,
            $"{scan.InvalidRecordCount} invalid source records in {period}, e.g. " +
            string.Join("; ", scan.FirstViolations.Take(3).Select(v => $"{v.Record}: {v.Rule}")) + "; validate-source lists them all"),
        _ when scan.Totals.PremiumCount + scan.Totals.ClaimCount == 0 => PreflightCheck.Of("SOURCE_VALID", false,
            $"{period} has no unprocessed premiums or claims in a posting status: nothing to post"),
        _ => PreflightCheck.Of("SOURCE_VALID", true,
            $"{scan.Totals.PremiumCount} premiums and {scan.Totals.ClaimCount} claims to post, every record valid (checksum {scan.Checksum[..12]}…)"),
    };

    private async Task<PreflightCheck> WritableAsync(CancellationToken ct)
    {
        try
        {
            var measured = await probe.ProbeWriteAsync(ProbeRows, ct);
            // Writable is the gate; slow is for the operator to weigh (a busy moment, a cold cache), as the dry run's throughput is.
            var fast = measured.RowsPerSecond >= StagingEstimate.MinimumRowsPerSecond;
            return new PreflightCheck("DATABASE_WRITABLE", fast ? CheckVerdict.Pass : CheckVerdict.Warn,
                $"wrote and rolled back {measured.Rows} rows in {measured.Elapsed.TotalMilliseconds:0} ms: {measured.RowsPerSecond:N0} rows/s " +
                $"({(fast ? "at least" : "BELOW")} the {StagingEstimate.MinimumRowsPerSecond:N0} rows/s that keep the 5,556 transactions/s target)");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return PreflightCheck.Of("DATABASE_WRITABLE", false, $"the database refused a write: {e.Message}");
        }
    }

    private async Task<PreflightCheck> DiskSpaceAsync(long entries, CancellationToken ct)
    {
        var needed = StagingEstimate.Bytes(entries);
        var space = await probe.StagingSpaceAsync(ct);
        return space.FreeBytes switch
        {
            null => new PreflightCheck("DISK_SPACE", CheckVerdict.Warn,
                $"{entries:N0} entries need about {Megabytes(needed)} for staging, ledger and journal in {space.Location}; " +
                "the store cannot see its free space: check it on the server"),
            { } free => PreflightCheck.Of("DISK_SPACE", free >= needed,
                $"{entries:N0} entries need about {Megabytes(needed)}; {Megabytes(free)} free in {space.Location}"),
        };
    }

    private static string Megabytes(long bytes) => $"{Math.Ceiling(bytes / 1_048_576m):N0} MB";

    private static bool Earlier(Period a, Period b) => a.Year < b.Year || (a.Year == b.Year && a.Month < b.Month);
}
