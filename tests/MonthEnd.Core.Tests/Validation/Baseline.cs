using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.Validation;

/// <summary>
/// A small consistent batch, every number worked out by hand: premiums txn 1 (1,000,000.00 =
/// 400,000.00 / 400,000.00 / 200,000.00) and txn 2 (1,234,567.89 = 493,827.16 / 493,827.16 /
/// 246,913.57), one DEATH claim 10 of 5,000,000.00 on Tabarru; JE numbers 1001..1007.
/// </summary>
internal sealed record Baseline(BatchRecord Batch, IReadOnlyList<PartitionRecord> Partitions, SourceScanResult Source, StagingFacts Facts, long NextLedgerJeNumber)
{
    public const long First = 1_001;

    public static PremiumRecord[] Premiums => [TestData.Premium(1, 100_000_000), TestData.Premium(2, 123_456_789)];

    public static ClaimRecord[] Claims => [TestData.Claim(10, 500_000_000)];

    public ValidationReport Evaluate() => BatchVerifier.Evaluate(Batch, Partitions, Source, Facts, NextLedgerJeNumber);

    public static Baseline Create()
    {
        var source = TestData.Scan(Premiums, Claims, firstJeNumber: First);
        var (premiumContent, claimContent) = (source.Slices[0].Content, source.Slices[1].Content);
        var batch = new BatchRecord(
            BatchId: "2025-01-MONTHEND",
            Period: new Period(2025, 1),
            Kind: "MONTHEND",
            Status: BatchStatus.Validating,
            RuleSetId: 1,
            RuleSetVersion: 1,
            CoaVersion: 1,
            Sequence: new SequenceRange(1_001, 1_007),
            PremiumCount: 2,
            ClaimCount: 1,
            ExpectedLineCount: 14,
            ActualJeCount: null,
            SourceChecksum: source.Checksum,
            PremiumTotal: new Money(223_456_789),
            ClaimTotal: new Money(500_000_000),
            WorkerCount: 1,
            ChunkSize: 100,
            InitiatedBy: "tester",
            CreatedAt: new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero),
            StartedAt: null,
            ValidatedAt: null,
            CommittedAt: null,
            ArchivedAt: null,
            FailureReason: null,
            StagingLocation: null,
            ArchiveLocation: null);
        PartitionRecord[] partitions =
        [
            Partition(1, SourceKind.Premium, 1, 2, 0, 2, new SequenceRange(1_001, 1_006), premiumContent),
            Partition(2, SourceKind.Claim, 10, 10, 0, 1, new SequenceRange(1_007, 1_007), claimContent),
        ];
        var facts = new StagingFacts
        {
            HeaderCount = 7,
            PremiumHeaderCount = 6,
            ClaimHeaderCount = 1,
            MinJeNumber = 1_001,
            MaxJeNumber = 1_007,
            LineCount = 14,
            TotalDebit = new Money(723_456_789),
            TotalCredit = new Money(723_456_789),
            PremiumEntriesDebit = new Money(223_456_789),
            ClaimEntriesDebit = new Money(500_000_000),
            FundNetChange = FundAmounts.Of(new Money(-410_617_284), new Money(89_382_716), new Money(44_691_357)),
            ContentDigests = new Dictionary<int, ContentDigest> { [1] = premiumContent!.Value, [2] = claimContent!.Value },
        };
        return new Baseline(batch, partitions, source, facts, First);
    }

    public static PartitionRecord Partition(
        int no, SourceKind kind, long firstId, long lastId, long firstPosition, long count, SequenceRange sequence, ContentDigest? content) =>
        new(BatchId: "2025-01-MONTHEND", PartitionNo: no, Kind: kind, FirstSourceId: firstId, LastSourceId: lastId, FirstPosition: firstPosition,
            RecordCount: count, Sequence: sequence, Status: PartitionStatus.Completed, RecordsProcessed: count, LastSourceIdProcessed: lastId,
            LeaseOwner: null, LeaseExpiresAt: null, HeartbeatAt: null, Attempts: 1, Error: null, Content: content);
}
