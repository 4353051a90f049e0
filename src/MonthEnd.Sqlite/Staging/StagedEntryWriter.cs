using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;

namespace MonthEnd.Sqlite.Staging;

/// <summary>Writes journal entries into their partition's staging tables through prepared multi-row inserts.</summary>
internal sealed class StagedEntryWriter(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<int, (BatchedInsert Headers, BatchedInsert Lines)> _partitions = [];
    private readonly Dictionary<DateOnly, string> _days = [];

    public void Write(int partitionNo, IReadOnlyList<JournalEntry> entries)
    {
        var (headers, lines) = InsertsOf(partitionNo);
        headers.BeginRun(entries.Count);
        lines.BeginRun(entries.Sum(e => (long)e.Lines.Count));
        foreach (var entry in entries)
        {
            var template = entry.Template;
            var (h, o) = headers.NextRow();
            h.Bind(o + 1, entry.JeNumber).Bind(o + 2, entry.JeNumber).Bind(o + 3, partitionNo).Bind(o + 4, Day(entry.JeDate))
                .Bind(o + 5, template.JeType).Bind(o + 6, entry.ReferenceType.Code()).Bind(o + 7, entry.ReferenceId).Bind(o + 8, template.Code)
                .Bind(o + 9, template.Description).Bind(o + 10, entry.TotalDebit.Minor).Bind(o + 11, entry.TotalCredit.Minor);
            headers.EndRow(h);
            foreach (var line in entry.Lines)
            {
                var (l, p) = lines.NextRow();
                l.Bind(p + 1, entry.JeNumber).Bind(p + 2, line.LineNumber).Bind(p + 3, line.AccountCode).Bind(p + 4, line.Fund?.Code())
                    .Bind(p + 5, line.Debit.Minor).Bind(p + 6, line.Credit.Minor).Bind(p + 7, line.Description);
                lines.EndRow(l);
            }
        }
    }

    public void Dispose()
    {
        foreach (var (headers, lines) in _partitions.Values)
        {
            headers.Dispose();
            lines.Dispose();
        }
    }

    private (BatchedInsert Headers, BatchedInsert Lines) InsertsOf(int partitionNo)
    {
        if (!_partitions.TryGetValue(partitionNo, out var inserts))
        {
            inserts = (
                new BatchedInsert(connection, $"""
                    INSERT INTO {StagingTables.Header(partitionNo)} (je_id, je_number, partition_no, je_date, je_type, reference_type,
                        reference_id, template_code, description, total_debit, total_credit) VALUES
                    """, columns: 11),
                new BatchedInsert(connection, $"""
                    INSERT INTO {StagingTables.Line(partitionNo)} (je_id, line_number, account_code, fund_type, debit_amount,
                        credit_amount, description) VALUES
                    """, columns: 7));
            _partitions[partitionNo] = inserts;
        }

        return inserts;
    }

    private string Day(DateOnly date)
    {
        if (!_days.TryGetValue(date, out var text))
        {
            text = date.ToString("yyyy-MM-dd");
            _days[date] = text;
        }

        return text;
    }
}
