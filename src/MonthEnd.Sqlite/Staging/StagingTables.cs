using System.Globalization;

namespace MonthEnd.Sqlite.Staging;

/// <summary>The names of a partition's staging tables (suffixes come from partition numbers, never from input).</summary>
internal static class StagingTables
{
    /// <summary>SQLite allows 500 arms in a compound SELECT; the all-partitions views need one per partition.</summary>
    public const int MaxPartitions = 500;

    public static string Header(int partitionNo) => $"{SqliteDatabase.StagingSchema}.staging_je_header_p{Suffix(partitionNo)}";

    public static string Line(int partitionNo) => $"{SqliteDatabase.StagingSchema}.staging_je_line_p{Suffix(partitionNo)}";

    public static string Suffix(int partitionNo) => partitionNo.ToString("0000", CultureInfo.InvariantCulture);

    /// <summary>The DDL of one partition's table pair.</summary>
    public static string Create(int partitionNo) => SqlText.Get("staging_partition").Replace("{partition}", Suffix(partitionNo), StringComparison.Ordinal);

    /// <summary>The views staging_je_header and staging_je_line, over every partition's tables.</summary>
    public static string Views(IReadOnlyList<int> partitions) =>
        $"""
        CREATE VIEW staging_je_header AS {string.Join(" UNION ALL ", partitions.Select(p => $"SELECT * FROM staging_je_header_p{Suffix(p)}"))};
        CREATE VIEW staging_je_line AS {string.Join(" UNION ALL ", partitions.Select(p => $"SELECT * FROM staging_je_line_p{Suffix(p)}"))};
        """;
}
