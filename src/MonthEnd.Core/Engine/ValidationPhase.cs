using MonthEnd.Core.Batches;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Engine;

/// <summary>
/// Checks the staged batch against its plan and against the source as it is now, and records the
/// results: VALIDATING becomes COMMITTING when every check passed, FAILED otherwise.
/// </summary>
public sealed class ValidationPhase(IMonthEndStore store)
{
    public async Task<(BatchRecord Batch, ValidationReport Report, StagingFacts Facts)> RunAsync(BatchRecord batch, RuleSet rules, CancellationToken ct)
    {
        var partitions = await store.GetPartitionsAsync(batch.BatchId, ct);
        var facts = await store.MeasureStagingAsync(batch, ct);
        var source = await SourcePass.ScanAsync(store.ReadPremiumsAsync(batch.Period, ct), store.ReadClaimsAsync(batch.Period, ct), rules, ct: ct);
        var report = BatchVerifier.Evaluate(batch, partitions, source, facts);
        var recorded = await store.RecordValidationAsync(batch.BatchId, report, ct);
        return (recorded, report, facts);
    }
}
