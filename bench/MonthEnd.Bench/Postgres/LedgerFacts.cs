using Dapper;
using Npgsql;

namespace MonthEnd.Bench.Postgres;

/// <summary>
/// What a run left in the database, read after the clock stopped: its ledger's counts, totals,
/// fund movements and content fingerprint (Sql/ledger_facts.sql), and how many source rows it marked.
/// Two runs on the same data must agree on all of it.
/// </summary>
internal sealed record LedgerFacts(
    long Headers,
    long Lines,
    decimal TotalDebit,
    decimal TotalCredit,
    decimal NetTabarru,
    decimal NetTanahud,
    decimal NetUjroh,
    decimal HeaderFingerprint,
    decimal LineFingerprint,
    long PremiumsMarked,
    long ClaimsMarked,
    long SourceLeft)
{
    public static async Task<LedgerFacts> ReadAsync(string connection, (string Header, string Line) tables)
    {
        var (headerTable, lineTable) = tables;
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var sql = SqlScript.Single("ledger_facts", new Dictionary<string, string> { ["header"] = headerTable, ["line"] = lineTable });
        var l = await db.QuerySingleAsync<(long Headers, decimal HeaderFingerprint, long Lines, decimal Debit, decimal Credit,
            decimal Tabarru, decimal Tanahud, decimal Ujroh, decimal LineFingerprint)>(sql, commandTimeout: 0);
        var s = await db.QuerySingleAsync<(long Premiums, long Claims, long Left)>("""
            SELECT (SELECT count(*) FROM premium_transaction WHERE batch_processed),
                   (SELECT count(*) FROM claims_transaction WHERE batch_processed),
                   (SELECT count(*) FROM premium_transaction WHERE NOT batch_processed) + (SELECT count(*) FROM claims_transaction WHERE NOT batch_processed)
            """, commandTimeout: 0);
        return new LedgerFacts(l.Headers, l.Lines, l.Debit, l.Credit, l.Tabarru, l.Tanahud, l.Ujroh, l.HeaderFingerprint, l.LineFingerprint,
            s.Premiums, s.Claims, s.Left);
    }

    /// <summary>Where this ledger differs from <paramref name="other"/>: empty when they hold the same entries.</summary>
    public IReadOnlyList<string> DifferencesFrom(LedgerFacts other)
    {
        var differences = new List<string>();
        void Compare<T>(string what, T mine, T theirs)
        {
            if (!EqualityComparer<T>.Default.Equals(mine, theirs))
            {
                differences.Add($"{what}: {mine} vs {theirs}");
            }
        }

        Compare("entries", Headers, other.Headers);
        Compare("lines", Lines, other.Lines);
        Compare("total debit", TotalDebit, other.TotalDebit);
        Compare("total credit", TotalCredit, other.TotalCredit);
        Compare("TABARRU net", NetTabarru, other.NetTabarru);
        Compare("TANAHUD net", NetTanahud, other.NetTanahud);
        Compare("UJROH net", NetUjroh, other.NetUjroh);
        Compare("entry fingerprint", HeaderFingerprint, other.HeaderFingerprint);
        Compare("line fingerprint", LineFingerprint, other.LineFingerprint);
        Compare("premiums marked", PremiumsMarked, other.PremiumsMarked);
        Compare("claims marked", ClaimsMarked, other.ClaimsMarked);
        return differences;
    }
}
