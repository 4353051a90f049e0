using MonthEnd.Core.Calendar;
using MonthEnd.Core.Generation;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Source;

/// <summary>What generate added: the id ranges of the new rows.</summary>
public sealed record GeneratedSource(Period Period, long Premiums, long Claims, long FirstTxnId, long FirstClaimId);

/// <summary>The source family: generate test data, validate a period's source (import comes with the lifecycle work).</summary>
public sealed class SourceOperations(IMonthEndStore store, OperationGate gate)
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

    /// <summary>Scans the period's source as pre-flight does, handing each broken rule to <paramref name="onViolation"/> as it is found.</summary>
    public Task<SourceScanResult> ValidateAsync(Caller caller, Period period, RuleSet rules, Action<SourceViolation> onViolation, CancellationToken ct) =>
        gate.ReadAsync(caller, Permission.ValidateSource, "SOURCE_VALIDATED", null, new { period = period.ToString() }, sensitive: false,
            c => store.ReadSourceSnapshotAsync(period, (source, token) => SourcePass.ScanAsync(source, rules, onViolation: onViolation, ct: token), c), ct);
}
