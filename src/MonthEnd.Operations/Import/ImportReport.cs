using Microsoft.Extensions.Compliance.Redaction;
using MonthEnd.Core.Import;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Storage;

namespace MonthEnd.Operations.Import;

/// <summary>What to import: a file of one kind, checked against <paramref name="Rules"/>; with <paramref name="ValidateOnly"/> nothing is written.</summary>
public sealed record ImportRequest(SourceKind Kind, string Path, bool ValidateOnly, Core.Rules.RuleSet Rules);

/// <summary>A finding as hosts show it: every value it quotes through the product's redactor.</summary>
public sealed record ShownImportFinding(long Line, string Column, string Rule, string Message)
{
    public override string ToString() => $"line {Line}, {Column}: {Message} (rule {Rule})";
}

/// <summary>
/// The outcome of an import: the records read, the findings (the first <see cref="ImportOperations.ListLimit"/>
/// listed, all counted) and how many rows reached the source table: all of them or, with any finding, none.
/// </summary>
public sealed record ImportReport(SourceKind Kind, string File, long Records, bool ValidateOnly, long Imported,
    IReadOnlyList<ShownImportFinding> Findings, long FindingCount)
{
    public bool Valid => FindingCount == 0;
}

/// <summary>
/// Keeps the findings of the earliest lines and counts them all; they are shown through the redactor,
/// in line order, when listed. A file's own findings arrive in line order, the database's duplicates
/// after them: without the ordering a duplicate on line 2 would be listed after a bad amount on line 900.
/// </summary>
internal sealed class ImportFindings(int limit, IRedactorProvider redactors)
{
    private readonly EarliestLines<ImportFinding> _kept = new(limit, f => f.Line);
    private long _unlisted;

    public long Count => _kept.Count + _unlisted;

    public IReadOnlyList<ShownImportFinding> Listed =>
        [.. _kept.InLineOrder().Select(f => new ShownImportFinding(f.Line, f.Column, f.Rule, f.Message.Render(redactors)))];

    public void Add(ImportFinding finding) => _kept.Add(finding);

    /// <summary>The duplicated ids a store found: those it listed, and the count of all of them.</summary>
    public void Add(LoadDuplicates duplicates, string idColumn)
    {
        foreach (var d in duplicates.Listed)
        {
            Add(d.FirstLine is { } first ? ImportRows.RepeatedId(idColumn, d.Line, d.Id, first) : ImportRows.ExistingId(idColumn, d.Line, d.Id));
        }

        _unlisted += duplicates.Count - duplicates.Listed.Count;
    }
}

/// <summary>An import refused for its rows: nothing was written. The operation returns <see cref="Report"/>; the trail keeps the message.</summary>
internal sealed class ImportRejectedException(ImportReport report)
    : Exception($"{report.FindingCount:N0} findings in {report.Records:N0} records of {report.File}; nothing imported")
{
    public ImportReport Report { get; } = report;
}
