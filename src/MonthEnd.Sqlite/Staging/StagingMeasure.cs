using System.Globalization;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;
using SQLitePCL;

namespace MonthEnd.Sqlite.Staging;

/// <summary>
/// Streams every partition's staging tables, in key order, through the core's <see cref="StagingTally"/>,
/// each row with its content hash over every column the commit copies to the ledger. SQLite keeps a
/// value of any type in any column, so a row whose values are not of their column's type (an amount
/// as REAL or TEXT, a date that is not a YYYY-MM-DD day, a fund no ledger knows, je_id unlike
/// je_number) gets a hash no posted entry has: it can never pass as what the rules make.
/// </summary>
internal static class StagingMeasure
{
    /// <summary>A header's columns in the order <see cref="HeaderRow"/> reads them (a query may select more after them).</summary>
    public const string HeaderColumns =
        "je_number, reference_type, total_debit, total_credit, je_date, je_type, reference_id, template_code, description, je_id";

    /// <summary>A line's columns in the order <see cref="LineRow"/> reads them.</summary>
    public const string LineColumns = "je_id, fund_type, debit_amount, credit_amount, line_number, account_code, description";

    public static StagingFacts Measure(SqliteConnection connection, IReadOnlyList<PartitionRecord> partitions) =>
        Measure(connection, partitions, partitions);

    /// <summary>Some of a batch's partitions (<paramref name="measured"/>), their rows' content filed under the batch's <paramref name="all"/> ranges.</summary>
    public static StagingFacts Measure(SqliteConnection connection, IReadOnlyList<PartitionRecord> measured, IReadOnlyList<PartitionRecord> all)
    {
        var tally = new StagingTally(PartitionDigestRange.Of(all));
        foreach (var partition in measured)
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

    /// <summary>A partition's staged rows column by column (values of another type than their column's show it), to name a difference.</summary>
    public static IReadOnlyList<ContentRow> ContentRows(SqliteConnection connection, int partitionNo) =>
        ContentRows(connection, StagingTables.Header(partitionNo), StagingTables.Line(partitionNo), null, null);

    /// <summary>The rows of a header and a line table (staging or the ledger), those numbered in <paramref name="range"/> when given, column by column.</summary>
    public static IReadOnlyList<ContentRow> ContentRows(
        SqliteConnection connection, string headerTable, string lineTable, SequenceRange? range, SqliteTransaction? transaction)
    {
        var rows = new List<ContentRow>();
        var where = range is null ? "" : " WHERE je_id BETWEEN $first AND $last";
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT je_id, je_date, je_type, reference_type, reference_id, template_code, description, total_debit, total_credit, je_number FROM {headerTable}{where}";
            command.Transaction = transaction;
            InRange(command, range);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new ContentRow(reader.GetInt64(0), null,
                [
                    ("je_number", Shown(reader, 9, IntegerColumn)), ("je_date", Shown(reader, 1, TextColumn)), ("je_type", Shown(reader, 2, TextColumn)),
                    ("reference_type", Shown(reader, 3, TextColumn)), ("reference_id", Shown(reader, 4, IntegerColumn)),
                    ("template_code", Shown(reader, 5, TextColumn)), ("description", Shown(reader, 6, TextColumn)),
                    ("total_debit", Shown(reader, 7, AmountColumn)), ("total_credit", Shown(reader, 8, AmountColumn)),
                ]));
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description FROM {lineTable}{where}";
            command.Transaction = transaction;
            InRange(command, range);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new ContentRow(reader.GetInt64(0), (short)reader.GetInt64(1),
                [
                    ("je_id", Shown(reader, 0, IntegerColumn)), ("line_number", Shown(reader, 1, IntegerColumn)), ("account_code", Shown(reader, 2, TextColumn)), ("fund_type", Shown(reader, 3, TextColumn)),
                    ("debit_amount", Shown(reader, 4, AmountColumn)), ("credit_amount", Shown(reader, 5, AmountColumn)),
                    ("description", Shown(reader, 6, TextColumn)),
                ]));
            }
        }

        return rows;
    }

    private static void InRange(SqliteCommand command, SequenceRange? range)
    {
        if (range is { } r)
        {
            command.Parameters.AddWithValue("$first", r.First);
            command.Parameters.AddWithValue("$last", r.Last);
        }
    }

    private const int TextColumn = 0, IntegerColumn = 1, AmountColumn = 2;

    private static string Shown(SqliteDataReader reader, int column, int kind)
    {
        if (reader.IsDBNull(column))
        {
            return ContentRow.Null;
        }

        var value = reader.GetValue(column);
        return (kind, value) switch
        {
            (TextColumn, string text) => text,
            (IntegerColumn, long number) => ContentRow.Text(number),
            (AmountColumn, long sen) => ContentRow.Text(new Money(sen)),
            (_, byte[] blob) => $"a BLOB of {blob.Length} bytes",
            (_, double real) => $"{real.ToString(CultureInfo.InvariantCulture)} (REAL)",
            (_, long integer) => $"{integer.ToString(CultureInfo.InvariantCulture)} (INTEGER)",
            _ => $"{Convert.ToString(value, CultureInfo.InvariantCulture)} (TEXT)",
        };
    }

    private static IEnumerable<StagedHeaderRow> Headers(SqliteConnection connection, int partitionNo)
    {
        using var query = new RawStatement(connection, $"SELECT {HeaderColumns} FROM {StagingTables.Header(partitionNo)} ORDER BY je_id");
        while (query.Read())
        {
            yield return HeaderRow(query);
        }
    }

    /// <summary>
    /// The header the statement is on (<see cref="HeaderColumns"/> first), hashed from its raw values: a
    /// row whose values are not of their column's type, or whose je_number is not its je_id, gets
    /// <see cref="EntryContent.Unlike"/>.
    /// </summary>
    public static StagedHeaderRow HeaderRow(RawStatement query)
    {
        var kind = query.Utf8(1).SequenceEqual("CLAIM"u8) ? SourceKind.Claim : SourceKind.Premium;
        var number = query.Int64(0);
        var (debit, credit) = (new Money(query.Int64(2)), new Money(query.Int64(3)));
        var day = Day(query.Utf8(4));
        var typed = Typed(query, raw.SQLITE_INTEGER, 0, 2, 3, 6, 9) && Typed(query, raw.SQLITE_TEXT, 1, 4, 5, 7)
                    && TextOrNull(query, 8) && day is not null && query.Int64(9) == number;
        var content = EntryContent.Header(number, day ?? DateOnly.MinValue, query.Utf8(5), query.Utf8(1), query.Int64(6), query.Utf8(7),
            query.Utf8(8), query.IsNull(8), debit, credit);
        return new StagedHeaderRow(number, kind, debit, credit, typed ? content : EntryContent.Unlike(content));
    }

    private static IEnumerable<StagedLineRow> Lines(SqliteConnection connection, int partitionNo)
    {
        using var query = new RawStatement(connection, $"SELECT {LineColumns} FROM {StagingTables.Line(partitionNo)} ORDER BY je_id, line_number");
        while (query.Read())
        {
            yield return LineRow(query);
        }
    }

    /// <summary>The line the statement is on (<see cref="LineColumns"/> first), hashed from its raw values as <see cref="HeaderRow"/> hashes a header.</summary>
    public static StagedLineRow LineRow(RawStatement query)
    {
        var known = true;
        Fund? fund = null;
        if (!query.IsNull(1))
        {
            fund = FundOf(query.Utf8(1));
            known = fund is not null;
        }

        var number = query.Int64(0);
        var lineNumber = query.Int64(4);
        var (debit, credit) = (new Money(query.Int64(2)), new Money(query.Int64(3)));
        var typed = known && Typed(query, raw.SQLITE_INTEGER, 0, 2, 3, 4) && Typed(query, raw.SQLITE_TEXT, 5)
                    && TextOrNull(query, 1) && TextOrNull(query, 6) && lineNumber is >= short.MinValue and <= short.MaxValue;
        var content = EntryContent.Line(number, (short)lineNumber, query.Utf8(5), fund, debit, credit, query.Utf8(6), query.IsNull(6));
        return new StagedLineRow(number, (short)lineNumber, fund, debit, credit, typed ? content : EntryContent.Unlike(content));
    }

    private static Fund? FundOf(ReadOnlySpan<byte> code) =>
        code.SequenceEqual("TABARRU"u8) ? Fund.Tabarru : code.SequenceEqual("TANAHUD"u8) ? Fund.Tanahud : code.SequenceEqual("UJROH"u8) ? Fund.Ujroh : null;

    private static bool Typed(RawStatement query, int type, params ReadOnlySpan<int> columns)
    {
        foreach (var column in columns)
        {
            if (query.ColumnType(column) != type)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TextOrNull(RawStatement query, int column) => query.ColumnType(column) is raw.SQLITE_TEXT or raw.SQLITE_NULL;

    /// <summary>A date only as the ledger keeps it: exactly YYYY-MM-DD, a real day; anything else is none.</summary>
    private static DateOnly? Day(ReadOnlySpan<byte> text)
    {
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-'
            || !Digits(text[..4], out var year) || !Digits(text[5..7], out var month) || !Digits(text[8..], out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return new DateOnly(year, month, day);
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
