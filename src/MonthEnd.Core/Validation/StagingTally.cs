using MonthEnd.Core.Accounting;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Validation;

/// <summary>
/// Measures staged entries in one streaming pass: each partition's headers and lines, both in JE
/// number order, are merged like two sorted files, so every per-entry check (balance, header
/// totals against lines, orphans, numbers outside the partition's range) and every batch total
/// comes out of a single read of each table. Memory stays flat. Every row's content hash is added
/// to the digest of the partition whose JE range holds its number (<see cref="ContentDigest"/>;
/// rows outside every range go to partition 0), for comparison with what the plan expects.
/// </summary>
public sealed class StagingTally(IReadOnlyList<PartitionDigestRange>? partitions = null)
{
    private readonly PartitionRanges _partitions = new(partitions ?? []);
    private readonly Dictionary<int, ContentDigest> _digests = [];
    private int? _openBucket;
    private ContentDigest _openDigest;
    private readonly List<long> _samples = [];
    private readonly FundAmounts _net = new();
    private long _headers, _premiumHeaders, _claimHeaders, _outOfRange, _duplicates, _lines, _unbalanced, _mismatched, _orphans, _malformed;
    private long? _min, _max;
    private MoneyTotal _premiumDebit, _claimDebit, _debit, _credit;
    private (long JeNumber, short LineNumber)? _previousLine;

    /// <summary>Adds one partition: its headers sorted by JE number, its lines by JE number and line number.</summary>
    public void AddPartition(SequenceRange range, IEnumerable<StagedHeaderRow> headers, IEnumerable<StagedLineRow> lines)
    {
        using var h = headers.GetEnumerator();
        using var l = lines.GetEnumerator();
        var hasHeader = h.MoveNext();
        var hasLine = l.MoveNext();
        long? previous = null;
        while (hasHeader || hasLine)
        {
            if (hasHeader && (!hasLine || h.Current.JeNumber <= l.Current.JeNumber))
            {
                var header = h.Current;
                InOrder(ref previous, header.JeNumber);
                MoneyTotal debit = default, credit = default;
                var count = 0;
                while (hasLine && l.Current.JeNumber == header.JeNumber)
                {
                    (debit, credit) = (debit + l.Current.Debit, credit + l.Current.Credit);
                    count++;
                    Line(l.Current);
                    hasLine = l.MoveNext();
                }

                Entry(range, header, count, debit, credit);
                hasHeader = h.MoveNext();
            }
            else
            {
                // A line whose entry has no header.
                _orphans++;
                Sample(l.Current.JeNumber);
                Line(l.Current);
                hasLine = l.MoveNext();
            }
        }
    }

    /// <summary>Adds entries as they were built, before they are staged: a worker sealing the chunk it writes.</summary>
    public void AddEntries(SequenceRange range, IReadOnlyList<JournalEntry> entries)
    {
        // As AddPartition would merge them, without the merge: each entry carries its own lines.
        long? previous = null;
        foreach (var e in entries)
        {
            InOrder(ref previous, e.JeNumber);
            MoneyTotal debit = default, credit = default;
            var texts = EntryContent.TextsOf(e.Template);
            for (var i = 0; i < e.Lines.Count; i++)
            {
                var l = e.Lines[i];
                (debit, credit) = (debit + l.Debit, credit + l.Credit);
                Line(new StagedLineRow(e.JeNumber, l.LineNumber, l.Fund, l.Debit, l.Credit, EntryContent.LineOf(e, i, texts)));
            }

            var content = EntryContent.Header(texts.Header, e.JeNumber, e.JeDate, e.ReferenceId, e.TotalDebit, e.TotalCredit);
            Entry(range, new StagedHeaderRow(e.JeNumber, e.ReferenceType, e.TotalDebit, e.TotalCredit, content), e.Lines.Count, debit, credit);
        }
    }

    public StagingFacts Complete()
    {
        FileOpenDigest();
        return Facts();
    }

    private StagingFacts Facts() => new()
    {
        HeaderCount = _headers,
        PremiumHeaderCount = _premiumHeaders,
        ClaimHeaderCount = _claimHeaders,
        MinJeNumber = _min,
        MaxJeNumber = _max,
        OutOfRangeEntries = _outOfRange,
        DuplicateEntries = _duplicates,
        LineCount = _lines,
        UnbalancedEntries = _unbalanced,
        HeaderLineMismatches = _mismatched,
        OrphanLines = _orphans,
        MalformedLines = _malformed,
        SampleBadEntries = _samples.Order().ToList(),
        TotalDebit = _debit,
        TotalCredit = _credit,
        FundNetChange = _net,
        PremiumEntriesDebit = _premiumDebit,
        ClaimEntriesDebit = _claimDebit,
        ContentDigests = new Dictionary<int, ContentDigest>(_digests),
    };

    private void Entry(SequenceRange range, StagedHeaderRow header, int lines, MoneyTotal debit, MoneyTotal credit)
    {
        _headers++;
        AddContent(header.JeNumber, header.Content);
        _min = _min is null || header.JeNumber < _min ? header.JeNumber : _min;
        _max = _max is null || header.JeNumber > _max ? header.JeNumber : _max;
        if (header.Kind == SourceKind.Premium)
        {
            _premiumHeaders++;
            _premiumDebit += header.TotalDebit;
        }
        else
        {
            _claimHeaders++;
            _claimDebit += header.TotalDebit;
        }

        var bad = false;
        if (!range.Contains(header.JeNumber))
        {
            _outOfRange++;
            bad = true;
        }

        if (debit != credit)
        {
            _unbalanced++;
            bad = true;
        }

        if (lines == 0 || header.TotalDebit != debit || header.TotalCredit != credit)
        {
            _mismatched++;
            bad = true;
        }

        if (bad)
        {
            Sample(header.JeNumber);
        }
    }

    /// <summary>A header whose number does not follow the previous one's: a store without a unique key on staging can hand over a number twice.</summary>
    private void InOrder(ref long? previous, long jeNumber)
    {
        if (previous is { } p && jeNumber <= p)
        {
            _duplicates++;
            Sample(jeNumber);
        }

        previous = jeNumber;
    }

    private void Line(StagedLineRow line)
    {
        _lines++;
        AddContent(line.JeNumber, line.Content);
        _debit += line.Debit;
        _credit += line.Credit;
        if (line.Fund is { } fund)
        {
            _net.Add(fund, (MoneyTotal)line.Credit - line.Debit);
        }

        // Lines come in (entry, line number) order, so a repeated line number follows its twin.
        var repeated = _previousLine == (line.JeNumber, line.LineNumber);
        _previousLine = (line.JeNumber, line.LineNumber);
        if (repeated || line.Debit.IsNegative || line.Credit.IsNegative || (!line.Debit.IsZero && !line.Credit.IsZero))
        {
            _malformed++;
            Sample(line.JeNumber);
        }
    }

    /// <summary>Rows come in number order, so the digest of the partition being read is kept at hand and filed when the next begins.</summary>
    private void AddContent(long jeNumber, UInt128 content)
    {
        var bucket = _partitions.PartitionOf(jeNumber);
        if (bucket != _openBucket)
        {
            FileOpenDigest();
            _openBucket = bucket;
        }

        _openDigest = _openDigest.Add(content);
    }

    private void FileOpenDigest()
    {
        if (_openBucket is { } open)
        {
            _digests[open] = _digests.GetValueOrDefault(open).Add(_openDigest);
        }

        (_openBucket, _openDigest) = (null, ContentDigest.Empty);
    }

    private void Sample(long jeNumber)
    {
        if (_samples.Count < StagingFacts.SampleLimit && !_samples.Contains(jeNumber))
        {
            _samples.Add(jeNumber);
        }
    }
}
