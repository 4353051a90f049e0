using System.Data;
using System.Runtime.CompilerServices;
using Dapper;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Source;
using MonthEnd.Postgres.SourceRows;
using Npgsql;

namespace MonthEnd.Postgres;

public sealed partial class PostgresStore
{
    // A period's rows: by payment (claim) date, and, so that pre-flight can name them, rows whose
    // payment_date is missing but whose txn_date falls in the period.
    internal const string PremiumScope = """
        NOT batch_processed
        AND (payment_date BETWEEN @start AND @end OR (payment_date IS NULL AND txn_date BETWEEN @start AND @end))
        """;

    // A claim without a claim_date belongs to no period; it cannot be attributed here.
    internal const string ClaimScope = "NOT batch_processed AND claim_date BETWEEN @start AND @end";

    public Task<(long Premiums, long Claims)> CountSourceAsync(Period period, CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            var args = PeriodArgs(period);
            var premiums = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM premium_transaction WHERE {PremiumScope}", args);
            var claims = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM claims_transaction WHERE {ClaimScope}", args);
            return (premiums, claims);
        }, ct);

    /// <remarks>Streamed from one connection without retries: a scan that loses its connection fails and is run again.</remarks>
    public async IAsyncEnumerable<PremiumRecord> ReadPremiumsAsync(Period period, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await Resilience.ExecuteAsync(token => DataSource.OpenConnectionAsync(token), ct);
        await foreach (var record in ReadPremiumsAsync(connection, null, period, ct))
        {
            yield return record;
        }
    }

    public async IAsyncEnumerable<ClaimRecord> ReadClaimsAsync(Period period, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await Resilience.ExecuteAsync(token => DataSource.OpenConnectionAsync(token), ct);
        await foreach (var record in ReadClaimsAsync(connection, null, period, ct))
        {
            yield return record;
        }
    }

    public Task AppendSourceAsync(IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await SourceRowWriter.AppendAsync(connection, premiums, claims, token);
            return true;
        }, ct);

    public Task<(long TxnId, long ClaimId)> MaxSourceIdsAsync(CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            var txn = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(txn_id), 0) FROM premium_transaction");
            var claim = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(claim_id), 0) FROM claims_transaction");
            return (txn, claim);
        }, ct);

    internal static async IAsyncEnumerable<PremiumRecord> ReadPremiumsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Period period, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {SourceRowReader.PremiumColumns} FROM premium_transaction WHERE {PremiumScope} ORDER BY txn_id NULLS FIRST, row_id",
            connection, transaction);
        AddPeriod(command, period);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            yield return SourceRowReader.ReadPremium(reader);
        }
    }

    internal static async IAsyncEnumerable<ClaimRecord> ReadClaimsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Period period, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {SourceRowReader.ClaimColumns} FROM claims_transaction WHERE {ClaimScope} ORDER BY claim_id NULLS FIRST, row_id",
            connection, transaction);
        AddPeriod(command, period);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            yield return SourceRowReader.ReadClaim(reader);
        }
    }

    internal static object PeriodArgs(Period period) => new { start = period.Start, end = period.End };

    internal static void AddPeriod(NpgsqlCommand command, Period period)
    {
        command.Parameters.AddWithValue("start", period.Start);
        command.Parameters.AddWithValue("end", period.End);
    }
}
