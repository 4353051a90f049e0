using System.Globalization;
using CsvHelper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Import;
using MonthEnd.Core.Source;

namespace MonthEnd.Operations.Import;

/// <summary>Writes source records as an import file: the layout's header, then one record per row (RFC 4180, UTF-8, CRLF).</summary>
internal static class SourceCsvWriter
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.None };

    public static long WritePremiums(string path, IEnumerable<PremiumRecord> premiums, CancellationToken ct) =>
        Write(path, ImportLayout.Premiums, premiums, (w, p) =>
        {
            w.WriteField(Id(p.TxnId));
            w.WriteField(Id(p.PolicyId));
            w.WriteField(Day(p.TxnDate));
            w.WriteField(Day(p.PaymentDate));
            w.WriteField(Amount(p.PremiumAmount));
            w.WriteField(Amount(p.FundTabarru));
            w.WriteField(Amount(p.FundTanahud));
            w.WriteField(Amount(p.FundUjroh));
            w.WriteField(p.ProductCode);
            w.WriteField(p.PlanCode);
            w.WriteField(p.PaymentMethod);
            w.WriteField(p.Status);
            w.WriteField(p.AccountNumber);
            w.WriteField(p.PolicyHolderId);
        }, ct);

    public static long WriteClaims(string path, IEnumerable<ClaimRecord> claims, CancellationToken ct) =>
        Write(path, ImportLayout.Claims, claims, (w, c) =>
        {
            w.WriteField(Id(c.ClaimId));
            w.WriteField(Id(c.PolicyId));
            w.WriteField(Day(c.ClaimDate));
            w.WriteField(c.ClaimType);
            w.WriteField(Amount(c.ClaimAmount));
            w.WriteField(c.Status);
            w.WriteField(c.AccountNumber);
            w.WriteField(c.PolicyHolderId);
        }, ct);

    private static long Write<T>(string path, IReadOnlyList<ImportColumn> layout, IEnumerable<T> records, Action<CsvWriter, T> write, CancellationToken ct)
    {
        using var writer = CsvWriter.ToFile(path, Options);
        foreach (var column in layout)
        {
            writer.WriteField(column.Name);
        }

        writer.EndRecord();
        long count = 0;
        foreach (var record in records)
        {
            write(writer, record);
            writer.EndRecord();
            if (++count % 10_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }

        writer.Flush();
        return count;
    }

    private static string? Id(long? id) => id?.ToString(CultureInfo.InvariantCulture);

    private static string? Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Amount(Money? amount) => amount is { } a ? AmountText.Write(a) : null;
}
