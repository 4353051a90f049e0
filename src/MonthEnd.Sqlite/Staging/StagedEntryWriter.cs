using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;

namespace MonthEnd.Sqlite.Staging;

/// <summary>Writes journal entries into the attached staging file through prepared raw statements.</summary>
internal sealed class StagedEntryWriter : IDisposable
{
    private readonly RawStatement _header;
    private readonly RawStatement _line;
    private readonly Dictionary<DateOnly, string> _days = [];

    public StagedEntryWriter(SqliteConnection connection)
    {
        _header = new RawStatement(connection, $"""
            INSERT INTO {SqliteDatabase.StagingSchema}.staging_je_header (je_number, partition_no, je_date, je_type, reference_type,
                reference_id, template_code, description, total_debit, total_credit)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """);
        _line = new RawStatement(connection, $"""
            INSERT INTO {SqliteDatabase.StagingSchema}.staging_je_line (je_number, line_number, account_code, fund_type, debit_amount,
                credit_amount, description)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """);
    }

    public void Write(int partitionNo, IReadOnlyList<JournalEntry> entries)
    {
        foreach (var entry in entries)
        {
            var template = entry.Template;
            _header.Bind(1, entry.JeNumber).Bind(2, partitionNo).Bind(3, Day(entry.JeDate)).Bind(4, template.JeType)
                .Bind(5, entry.ReferenceType.Code()).Bind(6, entry.ReferenceId).Bind(7, template.Code).Bind(8, template.Description)
                .Bind(9, entry.TotalDebit.Minor).Bind(10, entry.TotalCredit.Minor)
                .Execute();
            foreach (var line in entry.Lines)
            {
                _line.Bind(1, entry.JeNumber).Bind(2, line.LineNumber).Bind(3, line.AccountCode).Bind(4, line.Fund?.Code())
                    .Bind(5, line.Debit.Minor).Bind(6, line.Credit.Minor).Bind(7, line.Description)
                    .Execute();
            }
        }
    }

    public void Dispose()
    {
        _header.Dispose();
        _line.Dispose();
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
