using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Calendar;
using Npgsql;

namespace MonthEnd.Browser.Tests.Infrastructure;

/// <summary>The ledger as plain SQL sees it, straight from the tables of one store: what the pages and reports are checked against.</summary>
public interface ILedgerOracle
{
    /// <summary>Debits and credits of a batch's lines per fund (lines without a fund left out), in currency units.</summary>
    Task<IReadOnlyDictionary<string, (decimal Debit, decimal Credit)>> FundSumsAsync(string batchId);

    /// <summary>How many journal entries are dated in the period, whichever batch wrote them.</summary>
    Task<long> EntriesDatedInAsync(Period period);
}

/// <summary>SQLite keeps money in whole sen and dates as YYYY-MM-DD text.</summary>
public sealed class SqliteLedgerOracle(string path) : ILedgerOracle
{
    public async Task<IReadOnlyDictionary<string, (decimal Debit, decimal Credit)>> FundSumsAsync(string batchId)
    {
        await using var connection = Open();
        var rows = await connection.QueryAsync<(string Fund, long Debit, long Credit)>("""
            SELECT l.fund_type, sum(l.debit_amount), sum(l.credit_amount)
            FROM journal_entry_line l JOIN journal_entry_header h ON h.je_id = l.je_id
            WHERE h.batch_id = @batchId AND l.fund_type IS NOT NULL GROUP BY l.fund_type
            """, new { batchId });
        return rows.ToDictionary(r => r.Fund, r => (r.Debit / 100m, r.Credit / 100m));
    }

    public async Task<long> EntriesDatedInAsync(Period period)
    {
        await using var connection = Open();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM journal_entry_header WHERE je_date >= @from AND je_date < @to",
            new { from = Day(period.Year, period.Month), to = Day(period.Month == 12 ? period.Year + 1 : period.Year, period.Month % 12 + 1) });
    }

    private static string Day(int year, int month) => new DateOnly(year, month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private SqliteConnection Open() => new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
}

public sealed class PostgresLedgerOracle(string connection) : ILedgerOracle
{
    public async Task<IReadOnlyDictionary<string, (decimal Debit, decimal Credit)>> FundSumsAsync(string batchId)
    {
        await using var db = new NpgsqlConnection(connection);
        var rows = await db.QueryAsync<(string Fund, decimal Debit, decimal Credit)>("""
            SELECT l.fund_type, sum(l.debit_amount), sum(l.credit_amount)
            FROM journal_entry_line l JOIN journal_entry_header h ON h.je_id = l.je_id
            WHERE h.batch_id = @batchId AND l.fund_type IS NOT NULL GROUP BY l.fund_type
            """, new { batchId });
        return rows.ToDictionary(r => r.Fund, r => (r.Debit, r.Credit));
    }

    public async Task<long> EntriesDatedInAsync(Period period)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM journal_entry_header WHERE je_date >= make_date(@year, @month, 1) AND je_date < make_date(@year, @month, 1) + interval '1 month'", db);
        count.Parameters.AddWithValue("year", period.Year);
        count.Parameters.AddWithValue("month", period.Month);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
