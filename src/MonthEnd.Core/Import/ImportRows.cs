using MonthEnd.Core.Privacy;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Import;

/// <summary>
/// Reads one record of an import file (its fields in layout order) into a source record whose RowRef
/// is the line, and checks it: first each field by its type (<see cref="FieldReader"/>), then the
/// record by the very rules validate-source and the batch apply (<see cref="PremiumRules"/>,
/// <see cref="ClaimRules"/>), so a file imports only what a batch would accept, or rows of a status
/// the batch skips. Each finding goes to the sink; the record comes back even when it has findings,
/// so that its id still takes part in the duplicate checks.
/// </summary>
public static class ImportRows
{
    private const string FundParts = "fund_tabarru+fund_tanahud+fund_ujroh";

    public static PremiumRecord ReadPremium(long line, IReadOnlyList<string> fields, RuleSet rules, Action<ImportFinding> sink, out bool valid)
    {
        var columns = ImportLayout.Premiums;
        var read = new FieldReader(line, sink);
        var record = new PremiumRecord(
            RowRef: line,
            TxnId: read.Id(fields[0], columns[0]),
            PolicyId: read.Integer(fields[1], columns[1]),
            TxnDate: read.Date(fields[2], columns[2]),
            PaymentDate: read.Date(fields[3], columns[3]),
            PremiumAmount: read.Amount(fields[4], columns[4]),
            FundTabarru: read.Amount(fields[5], columns[5]),
            FundTanahud: read.Amount(fields[6], columns[6]),
            FundUjroh: read.Amount(fields[7], columns[7]),
            ProductCode: read.Text(fields[8], columns[8]),
            PlanCode: read.Text(fields[9], columns[9]),
            PaymentMethod: read.Text(fields[10], columns[10]),
            Status: read.Text(fields[11], columns[11]),
            AccountNumber: read.Text(fields[12], columns[12]),
            PolicyHolderId: read.Text(fields[13], columns[13]));
        List<SourceViolation> violations = [];
        PremiumRules.Check(record, rules, violations, out _);
        Report(violations, columns, read);
        valid = !read.Any;
        return record;
    }

    public static ClaimRecord ReadClaim(long line, IReadOnlyList<string> fields, RuleSet rules, Action<ImportFinding> sink, out bool valid)
    {
        var columns = ImportLayout.Claims;
        var read = new FieldReader(line, sink);
        var record = new ClaimRecord(
            RowRef: line,
            ClaimId: read.Id(fields[0], columns[0]),
            PolicyId: read.Integer(fields[1], columns[1]),
            ClaimDate: read.Date(fields[2], columns[2]),
            ClaimType: read.Text(fields[3], columns[3]),
            ClaimAmount: read.Amount(fields[4], columns[4]),
            Status: read.Text(fields[5], columns[5]),
            AccountNumber: read.Text(fields[6], columns[6]),
            PolicyHolderId: read.Text(fields[7], columns[7]));
        List<SourceViolation> violations = [];
        ClaimRules.Check(record, rules, violations, out _);
        Report(violations, columns, read);
        valid = !read.Any;
        return record;
    }

    /// <summary>
    /// The source rules' findings, each under its column: their messages begin with the column they are
    /// about ("premium_amount 0.00 is not positive"), but for the fund-parts rules, which name all three.
    /// A column that already failed to read is NULL in the record: the rules' "is NULL" about it is left out.
    /// </summary>
    private static void Report(List<SourceViolation> violations, IReadOnlyList<ImportColumn> columns, FieldReader read)
    {
        foreach (var v in violations)
        {
            var text = v.Message.ToString();
            var first = text.AsSpan(0, Math.Max(0, text.IndexOf(' ', StringComparison.Ordinal))).ToString();
            var column = columns.Any(c => c.Name == first) ? first : FundParts;
            if (!read.Faulted(column))
            {
                read.Add(column, v.Rule, v.Message);
            }
        }
    }

    /// <summary>An id a file repeats: the later line, named with the line that first gave it.</summary>
    public static ImportFinding RepeatedId(string idColumn, long line, long id, long firstLine) =>
        new(line, idColumn, ImportRule.IdUniqueInFile, RedactableText.Of($"{new Known(idColumn)} {id} is already on line {firstLine} of the file"));

    /// <summary>An id the source table already holds.</summary>
    public static ImportFinding ExistingId(string idColumn, long line, long id) =>
        new(line, idColumn, ImportRule.IdNotInSource, RedactableText.Of($"{new Known(idColumn)} {id} is already in the source table"));
}
