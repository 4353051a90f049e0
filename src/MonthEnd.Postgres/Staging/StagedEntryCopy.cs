using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using Npgsql;
using NpgsqlTypes;

namespace MonthEnd.Postgres.Staging;

/// <summary>Writes a chunk's entries into the batch's staging tables with binary COPY.</summary>
internal static class StagedEntryCopy
{
    public static async Task WriteAsync(NpgsqlConnection connection, long batchKey, IReadOnlyList<JournalEntry> entries, CancellationToken ct)
    {
        await using (var headers = await connection.BeginBinaryImportAsync(
                         $"COPY {StagingTables.Header(batchKey)} (je_id, je_number, je_date, je_type, reference_type, reference_id, description, " +
                         "total_debit, total_credit, template_code) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in entries)
            {
                headers.StartRow();
                headers.Write(e.JeNumber, NpgsqlDbType.Bigint);
                headers.Write(e.JeNumber, NpgsqlDbType.Bigint);
                headers.Write(e.JeDate, NpgsqlDbType.Date);
                headers.Write(e.Template.JeType, NpgsqlDbType.Text);
                headers.Write(e.ReferenceType.Code(), NpgsqlDbType.Text);
                headers.Write(e.ReferenceId, NpgsqlDbType.Bigint);
                headers.Write(e.Template.Description, NpgsqlDbType.Text);
                headers.Write(e.TotalDebit.ToDecimal(), NpgsqlDbType.Numeric);
                headers.Write(e.TotalCredit.ToDecimal(), NpgsqlDbType.Numeric);
                headers.Write(e.Template.Code, NpgsqlDbType.Text);
            }

            await headers.CompleteAsync(ct);
        }

        await using var lines = await connection.BeginBinaryImportAsync(
            $"COPY {StagingTables.Line(batchKey)} (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description) " +
            "FROM STDIN (FORMAT BINARY)", ct);
        foreach (var e in entries)
        {
            foreach (var l in e.Lines)
            {
                lines.StartRow();
                lines.Write(e.JeNumber, NpgsqlDbType.Bigint);
                lines.Write(l.LineNumber, NpgsqlDbType.Smallint);
                lines.Write(l.AccountCode, NpgsqlDbType.Text);
                if (l.Fund is { } fund)
                {
                    lines.Write(fund.Code(), NpgsqlDbType.Text);
                }
                else
                {
                    lines.WriteNull();
                }

                lines.Write(l.Debit.ToDecimal(), NpgsqlDbType.Numeric);
                lines.Write(l.Credit.ToDecimal(), NpgsqlDbType.Numeric);
                if (l.Description is { } description)
                {
                    lines.Write(description, NpgsqlDbType.Text);
                }
                else
                {
                    lines.WriteNull();
                }
            }
        }

        await lines.CompleteAsync(ct);
    }
}
