namespace MonthEnd.Operations.Source;

/// <summary>
/// A broken source rule as a host shows it (<see cref="SourceFindings"/>): the record by its id, whose
/// it is (policy holder and account, masked; null when the row has none), the rule, and the message
/// with every source value it quotes redacted.
/// </summary>
public sealed record SourceFinding(string Source, string Record, string? PolicyHolderId, string? AccountNumber, string Rule, string Message)
{
    /// <summary>The record and whose it is: "premium txn_id 5 (holder ************7890, account ******3456)".</summary>
    public string Subject =>
        (PolicyHolderId, AccountNumber) switch
        {
            (null, null) => Record,
            ({ } holder, null) => $"{Record} (holder {holder})",
            (null, { } account) => $"{Record} (account {account})",
            ({ } holder, { } account) => $"{Record} (holder {holder}, account {account})",
        };
}
