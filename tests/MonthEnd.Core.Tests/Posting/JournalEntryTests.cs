using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Posting;

public class JournalEntryTests
{
    private static readonly PostingTemplate Template = TestData.Rules.Templates[0];

    private static JournalLine Debit(short n, long sen) => new(n, "1101", null, new Money(sen), Money.Zero, null);

    private static JournalLine Credit(short n, long sen) => new(n, "4101", Fund.Tabarru, Money.Zero, new Money(sen), null);

    [Fact]
    public void a_balanced_entry_keeps_its_lines_and_totals()
    {
        var entry = new JournalEntry(5, TestData.Day, Template, 42, [Debit(1, 300), Credit(2, 100), Credit(3, 200)]);

        entry.JeNumber.ShouldBe(5);
        entry.TotalDebit.ShouldBe(new Money(300));
        entry.TotalCredit.ShouldBe(new Money(300));
        entry.Lines.Count.ShouldBe(3);
        entry.ReferenceType.ShouldBe(SourceKind.Premium);
    }

    [Fact]
    public void an_entry_whose_debits_differ_from_its_credits_is_refused()
    {
        var error = Should.Throw<UnbalancedEntryException>(() => new JournalEntry(5, TestData.Day, Template, 42, [Debit(1, 300), Credit(2, 299)]));

        error.JeNumber.ShouldBe(5);
    }

    [Fact]
    public void an_entry_off_by_one_sen_is_refused()
    {
        Should.Throw<UnbalancedEntryException>(() => new JournalEntry(1, TestData.Day, Template, 42, [Debit(1, 100_000_000_00), Credit(2, 100_000_000_01)]));
    }

    [Fact]
    public void a_negative_line_is_refused_even_when_the_entry_balances()
    {
        JournalLine[] lines =
        [
            new(1, "1101", null, new Money(-100), Money.Zero, null),
            new(2, "4101", Fund.Tabarru, Money.Zero, new Money(-100), null),
        ];

        var error = Should.Throw<UnbalancedEntryException>(() => new JournalEntry(7, TestData.Day, Template, 42, lines));

        error.Message.ShouldContain("line 1");
    }

    [Fact]
    public void a_line_with_both_a_debit_and_a_credit_is_refused_even_when_the_entry_balances()
    {
        JournalLine[] lines = [new(1, "1101", null, new Money(100), new Money(100), null)];

        Should.Throw<UnbalancedEntryException>(() => new JournalEntry(7, TestData.Day, Template, 42, lines));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void je_numbers_start_at_one(long number)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new JournalEntry(number, TestData.Day, Template, 42, [Debit(1, 1), Credit(2, 1)]));
    }

    [Fact]
    public void an_entry_without_both_a_debit_and_a_credit_line_is_refused()
    {
        Should.Throw<UnbalancedEntryException>(() => new JournalEntry(9, TestData.Day, Template, 42, []));
        Should.Throw<UnbalancedEntryException>(() => new JournalEntry(9, TestData.Day, Template, 42, [Debit(1, 0)]));
    }
}
