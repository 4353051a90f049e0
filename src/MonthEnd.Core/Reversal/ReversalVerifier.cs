using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Reversal;

/// <summary>
/// The checks a reversal passes before its commit, the same kind of proof a month-end batch gives:
/// staging against the plan (counts, numbers, balance) and, entry by entry, against its source, which
/// for a reversal is the original batch's ledger: every staged row is the mirror of the original row
/// it names, and the funds move back by exactly what the original moved them. Every check runs.
/// </summary>
public static class ReversalVerifier
{
    public const string OriginalCommitted = "ORIGINAL_COMMITTED";

    public static ValidationReport Evaluate(
        ReversalBatch reversal, BatchRecord originalNow, StagingFacts staging, MirrorComparison mirror, FundAmounts originalNet, long nextLedgerJeNumber)
    {
        var batch = reversal.Batch;
        var checks = new List<ValidationCheck>
        {
            new(OriginalCommitted, originalNow.Status == BatchStatus.Committed, $"{reversal.ReversesBatchId} COMMITTED",
                $"{reversal.ReversesBatchId} {originalNow.Status.Code()}",
                originalNow.Status == BatchStatus.Committed ? "the batch reversed is committed and not reversed yet"
                    : "the batch reversed is no longer COMMITTED: it was reversed or rolled back meanwhile"),
            Counted(CheckCode.RecordCount, "entries", batch.ExpectedJeCount, mirror.OriginalEntries, staging.HeaderCount),
            Counted(CheckCode.LineCount, "lines", batch.ExpectedLineCount, mirror.OriginalLines, staging.LineCount),
            BatchVerifier.SequenceIntegrity(batch, staging),
            BatchVerifier.EntryBalance(staging),
            Mirrors(reversal, mirror),
            BatchVerifier.Check(CheckCode.TotalBalance, staging.TotalDebit, staging.TotalCredit, "total debits do not equal total credits"),
            FundsBack(originalNet, staging.FundNetChange),
            BatchVerifier.Check(CheckCode.LedgerContinuity, batch.Sequence.First, nextLedgerJeNumber,
                "the ledger moved since the reversal was planned: committing would leave a hole in the JE numbers or reuse them"),
        };
        return new ValidationReport(checks);
    }

    private static ValidationCheck Counted(string code, string what, long planned, long original, long staged)
    {
        var passed = planned == original && staged == original;
        return new ValidationCheck(code, passed, $"{original} {what} (as the original holds)", $"{staged} staged, {planned} planned",
            passed ? $"one mirror for each of the original's {what}" : $"staged {what} do not match the original batch's: rows were lost or duplicated");
    }

    private static ValidationCheck Mirrors(ReversalBatch reversal, MirrorComparison mirror) =>
        new(CheckCode.EntryContent, mirror.Matches,
            $"every entry and line the mirror of the original's (JE + {reversal.Offset}, dated {reversal.Date:yyyy-MM-dd}, debit and credit swapped)",
            $"{mirror.HeaderMismatches} entries and {mirror.LineMismatches} lines differ",
            mirror.Matches
                ? "every staged entry and line mirrors the original entry it reverses" +
                  (mirror.BySeals ? " (staged as its sealed chunks wrote them, from the original's sealed rows)" : "")
                : $"JE {mirror.FirstMismatch}: {mirror.FirstMismatchDetail ?? "differs from the mirror of its original"}");

    private static ValidationCheck FundsBack(FundAmounts originalNet, FundAmounts staged)
    {
        var passed = Funds.All.All(f => staged[f] + originalNet[f] == MoneyTotal.Zero);
        return new ValidationCheck(CheckCode.FundTotals, passed,
            string.Join(", ", Funds.All.Select(f => $"{f.Code()} {MoneyTotal.Zero - originalNet[f]}")),
            string.Join(", ", Funds.All.Select(f => $"{f.Code()} {staged[f]}")),
            passed ? "each fund moves back by exactly what the original batch moved it" : "fund movements do not undo the original batch's");
    }
}
