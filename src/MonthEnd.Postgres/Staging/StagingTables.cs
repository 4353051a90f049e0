using System.Globalization;

namespace MonthEnd.Postgres.Staging;

/// <summary>A batch's staging tables are named after its numeric key (never after input): staging_je_header_b17.</summary>
internal static class StagingTables
{
    public static string Header(long batchKey) => "staging_je_header_b" + batchKey.ToString(CultureInfo.InvariantCulture);

    public static string Line(long batchKey) => "staging_je_line_b" + batchKey.ToString(CultureInfo.InvariantCulture);

    public static string Describe(long batchKey) => $"tables {Header(batchKey)}, {Line(batchKey)}";

    public static string DescribeLedger(long batchKey) =>
        $"attached as ledger partitions journal_entry_header_b{batchKey}, journal_entry_line_b{batchKey}";
}
