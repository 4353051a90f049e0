using System.Diagnostics;
using Dapper;
using MonthEnd.Bench.Reporting;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Rules;
using MonthEnd.Postgres;
using Npgsql;

namespace MonthEnd.Bench.Postgres;

/// <summary>
/// Ours: one whole batch through the library (pre-flight, plan, staging by W in-process workers,
/// validate + commit, archive) on the PostgreSQL store, committing by <see cref="CommitMethod"/>.
/// Timed from the runner's start to its return; checked afterwards: COMMITTED, the ledger holds
/// the planned entries and lines, balanced, fund_balance moved by the ledger's net (from zero),
/// every planned source row marked with the batch.
/// </summary>
internal static class MonthEndWorkload
{
    /// <summary>The store's ledger (partitioned by JE number; the batch's partitions hold its entries).</summary>
    public static readonly (string Header, string Line) Ledger = ("journal_entry_header", "journal_entry_line");

    public static async Task<Measurement> RunAsync(string connection, CommitMethod method, BenchOptions options, Period period, RuleSet rules)
    {
        var name = method == CommitMethod.Attach ? "ours (attach)" : "ours (copy)";
        var settings = new RunSettings { Workers = options.Workers, ChunkSize = options.ChunkSize };
        await using var store = new PostgresStore(connection, new PostgresOptions { CommitMethod = method });
        ProcessMemory.Reset();
        using var memory = new MemorySampler();
        var cpu = new CpuMeter();
        var request = new RunRequest(period, null, rules, "bench", settings);
        var watch = Stopwatch.StartNew();
        var layered = options.Direct ? null : await OperationsRun.RunAsync(store, request);
        var outcome = layered?.Outcome ?? await new MonthEndRunner(store).RunAsync(request, CancellationToken.None);
        var total = watch.Elapsed - (layered is null ? TimeSpan.Zero : layered.Seal + layered.Verify);
        var (clientCpu, machineCpu) = cpu.Elapsed();
        memory.Stop();
        var peakResident = ProcessMemory.PeakResident();

        BenchCheck.That(outcome.Result == RunResult.Committed, $"{name} did not commit: {outcome.Result}: {outcome.Message}");
        var batch = outcome.Batch!;
        // The layer's host disposed the store it was given (as a host does at exit): the checks and what follows use a new one,
        // as the approver's process opens it.
        await using var approver = new PostgresStore(connection, new PostgresOptions { CommitMethod = method });
        var ledger = await approver.SummarizeLedgerAsync(batch.BatchId, CancellationToken.None);
        BenchCheck.That(ledger.Entries == batch.ExpectedJeCount && ledger.Lines == batch.ExpectedLineCount && ledger.TotalDebit == ledger.TotalCredit,
            $"{name}: the ledger holds {ledger.Entries} entries and {ledger.Lines} lines (debits {ledger.TotalDebit}, credits {ledger.TotalCredit}), " +
            $"the batch planned {batch.ExpectedJeCount} and {batch.ExpectedLineCount}");
        var balances = await approver.GetFundBalancesAsync(CancellationToken.None);
        BenchCheck.That(Funds.All.All(f => balances[f] == ledger.FundNetChange[f]),
            $"{name}: fund balances {balances} are not the ledger's net movements {ledger.FundNetChange}");
        await using (var db = new NpgsqlConnection(connection))
        {
            var (premiums, claims) = await db.QuerySingleAsync<(long, long)>("""
                SELECT (SELECT count(*) FROM premium_transaction WHERE batch_id = @id), (SELECT count(*) FROM claims_transaction WHERE batch_id = @id)
                """, new { id = batch.BatchId });
            BenchCheck.That(premiums == batch.PremiumCount && claims == batch.ClaimCount,
                $"{name}: marked {premiums} premiums and {claims} claims, the batch planned {batch.PremiumCount} and {batch.ClaimCount}");
        }

        var rollback = options.Rollback && layered is not null ? await OperationsRun.RollBackAsync(approver, layered) : ((TimeSpan, long)?)null;
        var reversal = options.Reverse && layered is not null && rollback is null ? await OperationsRun.ReverseAsync(approver, layered) : default;
        var steps = new List<Step>();
        foreach (var (phase, time) in outcome.PhaseTimes!.OrderBy(p => p.Key))
        {
            steps.Add(new Step(phase.ToString().ToLowerInvariant(), time));
            if (phase == RunPhase.Committing)
            {
                steps.AddRange((outcome.CommitSteps ?? []).Select(s => new Step(s.Step, s.Time, Depth: 1)));
            }
        }

        steps.Add(new Step("between phases (batch moves, rules load)", total - outcome.PhaseTimes!.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b)));
        if (layered is not null)
        {
            steps.Add(new Step("seal append (a probe of the same append, not counted)", layered.Seal));
            steps.Add(new Step($"audit verify afterwards ({layered.Report.Chain.RowsVerified} rows, {layered.Report.Seals.Count} seal; not counted)", layered.Verify));
        }

        if (rollback is var (rolledBack, backupBytes))
        {
            steps.Add(new Step($"committed rollback afterwards (backup {backupBytes / 1048576} MB, transaction, integrity check; not counted)", rolledBack));
        }

        if (reversal.Steps is { } reversalSteps)
        {
            steps.Add(new Step("reversal afterwards (four-eyes approval: plan, stage, check against the original, commit, seal; not counted)", reversal.Elapsed));
            foreach (var (step, _) in reversalSteps)
            {
                Console.WriteLine($"  {step}");
            }
        }
        return new Measurement(name, total, steps, ledger.Entries, ledger.Lines, peakResident, memory.PeakManagedBytes)
        {
            ClientCpu = clientCpu,
            MachineCpu = machineCpu,
        };
    }
}
