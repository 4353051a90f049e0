using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>Stores a rules version: the file itself (what a resume reloads) and its parts as rows for SQL and reports.</summary>
internal static class RuleSetRows
{
    public static async Task<long> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RuleSet rules, string loadedBy)
    {
        // Two processes storing the same rules at once must not both insert.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('posting_rule_set'))", transaction: transaction);
        var existing = await connection.QuerySingleOrDefaultAsync<(long Id, string Sha)?>(
            "SELECT rule_set_id, sha256 FROM posting_rule_set WHERE version = @Version", new { rules.Version }, transaction);
        if (existing is { } found)
        {
            return found.Sha == rules.Sha256 ? found.Id : throw new RuleSetConflictException(rules.Version, found.Sha, rules.Sha256);
        }

        await SaveChartAsync(connection, transaction, rules.Chart);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO posting_rule_set (version, sha256, description, coa_version_id, content, loaded_by)
            VALUES (@Version, @Sha256, @Description, @coa, @Content, @by)
            RETURNING rule_set_id
            """, new { rules.Version, rules.Sha256, rules.Description, coa = rules.Chart.Version, rules.Content, by = loadedBy }, transaction);
        foreach (var t in rules.Templates)
        {
            await connection.ExecuteAsync("""
                INSERT INTO posting_template (rule_set_id, template_code, source_type, je_type, description)
                VALUES (@id, @Code, @source, @JeType, @Description)
                """, new { id, t.Code, source = t.Source.Code(), t.JeType, t.Description }, transaction);
            await connection.ExecuteAsync("""
                INSERT INTO posting_template_line (rule_set_id, template_code, line_number, side, account_code, fund_type, amount_field, memo)
                VALUES (@id, @code, @LineNumber, @side, @account, @fund, @amount, @Memo)
                """, t.Lines.Select(l => new
            {
                id, code = t.Code, l.LineNumber, side = l.Side == EntrySide.Debit ? "DEBIT" : "CREDIT",
                account = l.Account.Code, fund = l.Fund?.Code(), amount = l.Amount.Code(), l.Memo,
            }), transaction);
        }

        await connection.ExecuteAsync("""
            INSERT INTO takaful_product (rule_set_id, product_code, product_name, tabarru_basis_points, tanahud_basis_points, ujroh_basis_points, rounding)
            VALUES (@id, @Code, @Name, @t, @n, @u, @r)
            """, rules.Products.Values.Select(p => new
        {
            id, p.Code, p.Name, t = p.Allocation.TabarruBasisPoints, n = p.Allocation.TanahudBasisPoints, u = p.Allocation.UjrohBasisPoints,
            r = p.Allocation.Rounding == RoundingMode.HalfEven ? "HALF_EVEN" : "HALF_UP",
        }), transaction);
        await connection.ExecuteAsync("""
            INSERT INTO claim_type_route (rule_set_id, claim_type, template_code, fund_type) VALUES (@id, @ClaimType, @template, @fund)
            """, rules.ClaimRoutes.Values.Select(r => new { id, r.ClaimType, template = r.Template.Code, fund = r.Fund.Code() }), transaction);
        return id;
    }

    /// <summary>A chart version is written once; a later rules file reusing the version must carry the same accounts.</summary>
    private static async Task SaveChartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ChartOfAccounts chart)
    {
        var stored = (await connection.QueryAsync<(string Code, string Name, string Category, string? Fund)>(
            "SELECT account_code, account_name, category, fund_type FROM chart_of_accounts WHERE coa_version_id = @Version ORDER BY account_code COLLATE \"C\"",
            new { chart.Version }, transaction)).ToList();
        var given = chart.Accounts.OrderBy(a => a.Code, StringComparer.Ordinal)
            .Select(a => (a.Code, a.Name, a.Category.ToString().ToUpperInvariant(), a.Fund?.Code())).ToList();
        if (stored.Count == 0)
        {
            await connection.ExecuteAsync("""
                INSERT INTO chart_of_accounts (coa_version_id, account_code, account_name, category, fund_type)
                VALUES (@v, @Item1, @Item2, @Item3, @Item4)
                """, given.Select(a => new { v = chart.Version, a.Item1, a.Item2, a.Item3, a.Item4 }), transaction);
        }
        else if (!stored.SequenceEqual(given))
        {
            throw new InvalidOperationException(
                $"chart of accounts version {chart.Version} is already stored with other accounts; give the changed chart a new version");
        }
    }
}
