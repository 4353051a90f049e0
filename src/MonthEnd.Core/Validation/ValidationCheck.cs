namespace MonthEnd.Core.Validation;

/// <summary>The result of one pre-commit check, kept with the batch for finance and auditors.</summary>
public sealed record ValidationCheck(string Code, bool Passed, string Expected, string Actual, string Message);

/// <summary>The checks run before a commit; the ledger is written only when every one passed.</summary>
public sealed record ValidationReport(IReadOnlyList<ValidationCheck> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);

    public IEnumerable<ValidationCheck> Failures => Checks.Where(c => !c.Passed);

    public string Summary() =>
        Passed ? "all checks passed" : string.Join("; ", Failures.Select(f => $"{f.Code}: {f.Message}"));

    /// <summary>The report with a failed COMMIT_RECHECK: a re-check while writing the ledger failed, so nothing was written.</summary>
    public ValidationReport RefusedAtCommit(string reason) =>
        new([.. Checks, new ValidationCheck(CheckCode.CommitRecheck, false, "unchanged since validation", reason, reason)]);
}

/// <summary>The codes of the pre-commit checks, as in the operations manual (SOP 1 step 5).</summary>
public static class CheckCode
{
    public const string PartitionsComplete = "PARTITIONS_COMPLETE";
    public const string SourceValid = "SOURCE_VALID";
    public const string SourceChecksum = "SOURCE_CHECKSUM";
    public const string RecordCount = "RECORD_COUNT";
    public const string LineCount = "LINE_COUNT";
    public const string SequenceIntegrity = "SEQUENCE_INTEGRITY";
    public const string EntryBalance = "ENTRY_BALANCE";

    /// <summary>Every staged row equals what the rules make of its source record: template, accounts, funds, sides, amounts, reference, date, lines.</summary>
    public const string EntryContent = "ENTRY_CONTENT";
    public const string TotalBalance = "TOTAL_BALANCE";
    public const string FundTotals = "FUND_TOTALS";
    public const string PremiumReconciliation = "PREMIUM_RECONCILIATION";
    public const string ClaimReconciliation = "CLAIM_RECONCILIATION";
    public const string LedgerContinuity = "LEDGER_CONTINUITY";

    /// <summary>A re-check inside the commit transaction: something changed between validation and commit.</summary>
    public const string CommitRecheck = "COMMIT_RECHECK";
}
