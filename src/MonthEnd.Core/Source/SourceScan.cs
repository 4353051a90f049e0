using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Source;

/// <summary>
/// One streaming pass over a period's source, premiums in txn_id order then claims in claim_id order:
/// checks every record, hashes and totals the posted ones, and cuts them into partition slices.
/// Given the batch's first JE number, it also adds up, per slice, the content of the journal rows
/// the rules make of its records (<see cref="ContentDigest"/>): premiums take the first numbers,
/// <see cref="RuleSet.PremiumTemplates"/> at a time, claims the rest, as the planner lays them out.
/// Memory stays flat however many records pass through.
/// </summary>
public sealed class SourceScan : IDisposable
{
    private readonly RuleSet _rules;
    private readonly long _premiumSliceSize;
    private readonly long _claimSliceSize;
    private readonly Action<SourceViolation>? _onViolation;
    private readonly SourceChecksum _checksum = new();
    private readonly SourceTotals _totals = new();
    private readonly List<SourceViolation> _kept = [];
    private readonly List<SourceViolation> _recordViolations = [];
    private readonly List<SourceSlice> _slices = [];
    private long _violationCount;
    private long _invalidRecords;
    private long _skippedPremiums;
    private long _skippedClaims;
    private long _expectedLines;
    private long? _lastPremiumId;
    private long? _lastClaimId;
    private bool _claimsStarted;
    private SliceCursor? _open;
    private readonly PostingEngine? _content;
    private readonly long _firstJeNumber;

    public SourceScan(
        RuleSet rules, long premiumSliceSize = long.MaxValue, long claimSliceSize = long.MaxValue, Action<SourceViolation>? onViolation = null,
        long? firstJeNumber = null)
    {
        if (firstJeNumber is { } first)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
            _content = new PostingEngine(rules);
            _firstJeNumber = first;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(premiumSliceSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(claimSliceSize, 1);
        _rules = rules;
        _premiumSliceSize = premiumSliceSize;
        _claimSliceSize = claimSliceSize;
        _onViolation = onViolation;
    }

    public void Add(PremiumRecord record)
    {
        if (_claimsStarted)
        {
            throw new InvalidOperationException("premiums must all come before claims");
        }

        if (Repeats(ref _lastPremiumId, record.TxnId, "txn_id"))
        {
            _recordViolations.Add(SourceViolation.About(record, SourceRule.DuplicateId, RedactableText.Of($"txn_id {record.TxnId!.Value} appears more than once")));
        }

        var verdict = PremiumRules.Check(record, _rules, _recordViolations, out var txn);
        if (verdict == SourceVerdict.Skip)
        {
            _skippedPremiums++;
        }
        else if (verdict == SourceVerdict.Post)
        {
            _checksum.Add(txn!);
            _totals.Add(txn!);
            _expectedLines += _rules.LinesPerPremium;
            Slice(SourceKind.Premium, txn!.TxnId, _totals.PremiumCount - 1, _premiumSliceSize, _rules.LinesPerPremium);
            if (_content is not null)
            {
                _open!.Content = _open.Content.Add(_content.ContentOf(txn, _firstJeNumber + ((_totals.PremiumCount - 1) * _rules.PremiumTemplates.Count)));
            }

            if (!_totals.FitLedger)
            {
                _recordViolations.Add(SourceViolation.About(record, SourceRule.TotalWithinLedgerRange, TotalBeyondLedger(SourceKind.Premium)));
            }
        }

        Flush();
    }

    public void Add(ClaimRecord record)
    {
        if (!_claimsStarted)
        {
            _claimsStarted = true;
            CloseSlice();
        }

        if (Repeats(ref _lastClaimId, record.ClaimId, "claim_id"))
        {
            _recordViolations.Add(SourceViolation.About(record, SourceRule.DuplicateId, RedactableText.Of($"claim_id {record.ClaimId!.Value} appears more than once")));
        }

        var verdict = ClaimRules.Check(record, _rules, _recordViolations, out var txn);
        if (verdict == SourceVerdict.Skip)
        {
            _skippedClaims++;
        }
        else if (verdict == SourceVerdict.Post)
        {
            _checksum.Add(txn!);
            _totals.Add(txn!);
            _expectedLines += txn!.Route.Template.Lines.Count;
            Slice(SourceKind.Claim, txn.ClaimId, _totals.ClaimCount - 1, _claimSliceSize, txn.Route.Template.Lines.Count);
            if (_content is not null)
            {
                var number = _firstJeNumber + (_totals.PremiumCount * _rules.PremiumTemplates.Count) + _totals.ClaimCount - 1;
                _open!.Content = _open.Content.Add(_content.ContentOf(txn, number));
            }

            if (!_totals.FitLedger)
            {
                _recordViolations.Add(SourceViolation.About(record, SourceRule.TotalWithinLedgerRange, TotalBeyondLedger(SourceKind.Claim)));
            }
        }

        Flush();
    }

    public SourceScanResult Complete()
    {
        CloseSlice();
        return new SourceScanResult(_checksum.Finish(), _totals, _expectedLines, _skippedPremiums, _skippedClaims,
            _violationCount, _kept.ToArray(), _slices.ToArray(), _content is null ? null : _firstJeNumber) { InvalidRecordCount = _invalidRecords };
    }

    public void Dispose() => _checksum.Dispose();

    /// <summary>Whether the record's id repeats the one before it (both non-null); an id lower than that one breaks the order the store promised.</summary>
    private static bool Repeats(ref long? last, long? id, string column)
    {
        if (id is not { } current)
        {
            return false;
        }

        if (last is { } previous)
        {
            if (current < previous)
            {
                // The store must hand records over in id order: duplicates and slices depend on it.
                throw new InvalidOperationException($"source records out of {column} order: {current} after {previous}");
            }

            if (current == previous)
            {
                return true;
            }
        }

        last = current;
        return false;
    }

    /// <summary>
    /// Why a posted record that carries a batch total past what a ledger amount column holds is named
    /// (rule TOTAL_FITS_LEDGER), as is every later one while the total stays there: the batch
    /// would store or post a sum the ledger cannot hold. Checked for every posted record (see
    /// <see cref="SourceTotals.FitLedger"/>: a few 128-bit comparisons); worded only when it fails.
    /// </summary>
    private RedactableText TotalBeyondLedger(SourceKind kind)
    {
        var t = _totals;
        var over = kind == SourceKind.Premium
            ? (!t.PremiumTotal.FitsLedger ? $"the premium total {t.PremiumTotal}" : $"fund allocations {t.Allocations}")
            : (!t.ClaimTotal.FitsLedger ? $"the claim total {t.ClaimTotal}" : $"claims borne by the funds {t.ClaimsBorne}");
        return RedactableText.Of($"with this record {new Known(over)} IDR exceeds the ledger's largest amount {Money.MaxLedgerAmount} (NUMERIC(18,2))");
    }

    private void Flush()
    {
        if (_recordViolations.Count > 0)
        {
            _invalidRecords++;
        }

        foreach (var violation in _recordViolations)
        {
            _violationCount++;
            if (_kept.Count < SourceScanResult.KeptViolations)
            {
                _kept.Add(violation);
            }

            _onViolation?.Invoke(violation);
        }

        _recordViolations.Clear();
    }

    private void Slice(SourceKind kind, long id, long position, long size, int lines)
    {
        if (_open is null || position % size == 0)
        {
            CloseSlice();
            _open = new SliceCursor(kind, id, position);
        }

        _open.LastId = id;
        _open.Count++;
        _open.Lines += lines;
    }

    private void CloseSlice()
    {
        if (_open is not null)
        {
            _slices.Add(new SourceSlice(_open.Kind, _open.FirstId, _open.LastId, _open.FirstPosition, _open.Count, _content is null ? null : _open.Content, _open.Lines));
            _open = null;
        }
    }

    private sealed class SliceCursor(SourceKind kind, long firstId, long firstPosition)
    {
        public SourceKind Kind { get; } = kind;

        public long FirstId { get; } = firstId;

        public long FirstPosition { get; } = firstPosition;

        public long LastId { get; set; } = firstId;

        public long Count { get; set; }

        public long Lines { get; set; }

        public ContentDigest Content { get; set; }
    }
}
