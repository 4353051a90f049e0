using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;
using MonthEnd.Sqlite.SourceRows;
using SQLitePCL;

namespace MonthEnd.Sqlite.Staging;

/// <summary>Streams every partition's staging tables, in key order, through the core's <see cref="StagingTally"/>.</summary>
internal static class StagingMeasure
{
    public static StagingFacts Measure(SqliteConnection connection, IReadOnlyList<PartitionRecord> partitions)
    {
        var tally = new StagingTally();
        foreach (var partition in partitions)
        {
            tally.AddPartition(partition.Sequence, Headers(connection, partition.PartitionNo), Lines(connection, partition.PartitionNo));
        }

        return tally.Complete();
    }

    /// <summary>One of the Sql/*.sql templates with a partition's table names filled in.</summary>
    public static string For(PartitionRecord partition, string template) =>
        SqlText.Get(template)
            .Replace("{header}", StagingTables.Header(partition.PartitionNo), StringComparison.Ordinal)
            .Replace("{line}", StagingTables.Line(partition.PartitionNo), StringComparison.Ordinal);

    private static IEnumerable<StagedHeaderRow> Headers(SqliteConnection connection, int partitionNo)
    {
        using var query = new RawStatement(connection,
            $"SELECT je_number, reference_type, total_debit, total_credit FROM {StagingTables.Header(partitionNo)} ORDER BY je_id");
        var codes = new TextCodes();
        while (query.Read())
        {
            var kind = codes.Get(1, query.Utf8(1)) == "CLAIM" ? SourceKind.Claim : SourceKind.Premium;
            yield return new StagedHeaderRow(query.Int64(0), kind, new Money(query.Int64(2)), new Money(query.Int64(3)));
        }
    }

    private static IEnumerable<StagedLineRow> Lines(SqliteConnection connection, int partitionNo)
    {
        using var query = new RawStatement(connection,
            $"SELECT je_id, fund_type, debit_amount, credit_amount, line_number FROM {StagingTables.Line(partitionNo)} ORDER BY je_id, line_number");
        var codes = new TextCodes();
        while (query.Read())
        {
            Fund? fund = query.ColumnType(1) == raw.SQLITE_NULL ? null : Funds.Parse(codes.Get(1, query.Utf8(1)));
            yield return new StagedLineRow(query.Int64(0), (short)query.Int64(4), fund, new Money(query.Int64(2)), new Money(query.Int64(3)));
        }
    }
}
