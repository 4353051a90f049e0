using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Posting;

/// <summary>One line of a journal entry: exactly one of debit and credit carries the amount.</summary>
public readonly record struct JournalLine(short LineNumber, string AccountCode, Fund? Fund, Money Debit, Money Credit, string? Description);
