using Microsoft.Extensions.Logging;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Generation;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Source;

/// <summary>What generate added: the id ranges of the new rows.</summary>
public sealed record GeneratedSource(Period Period, long Premiums, long Claims, long FirstTxnId, long FirstClaimId);

/// <summary>The source family: generate test data, validate a period's source (import comes with the lifecycle work).</summary>
public sealed partial class SourceOperations(IMonthEndStore store, OperationGate gate, ILogger<SourceOperations> log)
{
    public Task<GeneratedSource> GenerateAsync(Caller caller, Period period, long premiums, long claims, int seed, RuleSet rules, CancellationToken ct)
    {
        if (premiums < 0 || claims < 0)
        {
            throw new InvalidArgumentException("--premiums/--claims", "must not be negative");
        }

        return gate.ChangeAsync(caller, Permission.GenerateSource, "SOURCE_GENERATED", null,
            new { period = period.ToString(), premiums, claims, seed }, async c =>
            {
                var generator = new SourceDataGenerator(rules, seed);
                var (maxTxn, maxClaim) = await store.MaxSourceIdsAsync(c);
                await store.AppendSourceAsync(generator.Premiums(period, premiums, maxTxn + 1), generator.Claims(period, claims, maxClaim + 1), c);
                return new GeneratedSource(period, premiums, claims, maxTxn + 1, maxClaim + 1);
            }, g => new { first_txn_id = g.FirstTxnId, first_claim_id = g.FirstClaimId }, ct);
    }

    /// <summary>
    /// Scans the period's source as pre-flight does, handing each broken rule to <paramref name="onViolation"/>
    /// as it is found; each is logged (Debug, its holder and account classified), and the outcome too.
    /// </summary>
    public async Task<SourceScanResult> ValidateAsync(Caller caller, Period period, RuleSet rules, Action<SourceViolation> onViolation, CancellationToken ct)
    {
        void Found(SourceViolation v)
        {
            LogFinding(log, v.Record, v.Rule, v.Message, v.PolicyHolderId?.Value, v.AccountNumber?.Value);
            onViolation(v);
        }

        var scan = await gate.ReadAsync(caller, Permission.ValidateSource, "SOURCE_VALIDATED", null, new { period = period.ToString() }, sensitive: false,
            c => store.ReadSourceSnapshotAsync(period, (source, token) => SourcePass.ScanAsync(source, rules, onViolation: Found, ct: token), c), ct);
        LogValidated(log, period, caller.User, scan.InvalidRecordCount, scan.ViolationCount, scan.Totals.PremiumCount, scan.Totals.ClaimCount);
        return scan;
    }

    // The finding's own text shows each source value it quotes as withheld (RedactableText.ToString):
    // those are personal or unrecognised text, which the redactor erases anyway.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Record} breaks {Rule}: {Finding} (holder {PolicyHolderId}, account {AccountNumber})")]
    private static partial void LogFinding(
        ILogger logger, string record, string rule, RedactableText finding, [MaskedData] string? policyHolderId, [MaskedData] string? accountNumber);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "source of {Period} validated by {User}: {InvalidRecords} invalid records ({Violations} broken rules); {Premiums} premiums and {Claims} claims to post")]
    private static partial void LogValidated(ILogger logger, Period period, string user, long invalidRecords, long violations, long premiums, long claims);
}
