using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Posting;

/// <summary>A balanced journal entry. It cannot be built unbalanced: the constructor checks every line.</summary>
public sealed class JournalEntry
{
    public JournalEntry(long jeNumber, DateOnly jeDate, PostingTemplate template, long referenceId, JournalLine[] lines)
    {
        if (jeNumber < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jeNumber), jeNumber, "JE numbers start at 1");
        }

        if (lines.Length < 2)
        {
            throw new UnbalancedEntryException(jeNumber, $"an entry needs a debit and a credit line, it has {lines.Length} lines");
        }

        var debit = Money.Zero;
        var credit = Money.Zero;
        foreach (var line in lines)
        {
            if (line.Debit.IsNegative || line.Credit.IsNegative || (!line.Debit.IsZero && !line.Credit.IsZero))
            {
                throw new UnbalancedEntryException(jeNumber, $"line {line.LineNumber} must carry one non-negative amount, not debit {line.Debit} and credit {line.Credit}");
            }

            debit += line.Debit;
            credit += line.Credit;
        }

        if (debit != credit)
        {
            throw new UnbalancedEntryException(jeNumber, $"debits {debit} do not equal credits {credit}");
        }

        JeNumber = jeNumber;
        JeDate = jeDate;
        Template = template;
        ReferenceId = referenceId;
        Lines = lines;
        TotalDebit = debit;
        TotalCredit = credit;
    }

    public long JeNumber { get; }

    public DateOnly JeDate { get; }

    public PostingTemplate Template { get; }

    public SourceKind ReferenceType => Template.Source;

    public long ReferenceId { get; }

    public Money TotalDebit { get; }

    public Money TotalCredit { get; }

    public IReadOnlyList<JournalLine> Lines { get; }
}

/// <summary>An entry whose debits and credits differ: a broken template or engine, never to be staged.</summary>
public sealed class UnbalancedEntryException(long jeNumber, string detail)
    : InvalidOperationException($"journal entry {jeNumber} does not balance: {detail}")
{
    public long JeNumber { get; } = jeNumber;
}
