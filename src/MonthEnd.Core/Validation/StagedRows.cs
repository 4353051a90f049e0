using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Validation;

/// <summary>A staged header as validation reads it; <paramref name="Content"/> is its <see cref="EntryContent"/> hash over every column.</summary>
public readonly record struct StagedHeaderRow(long JeNumber, SourceKind Kind, Money TotalDebit, Money TotalCredit, UInt128 Content = default);

/// <summary>A staged line as validation reads it; <paramref name="Content"/> is its <see cref="EntryContent"/> hash over every column.</summary>
public readonly record struct StagedLineRow(long JeNumber, short LineNumber, Fund? Fund, Money Debit, Money Credit, UInt128 Content = default);
