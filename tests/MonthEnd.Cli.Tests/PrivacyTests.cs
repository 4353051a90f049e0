using System.Text;
using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;
using MonthEnd.Cli.Tests.Postgres;
using Npgsql;

namespace MonthEnd.Cli.Tests;

/// <summary>
/// Issue 11's privacy check, through the real executable with file logging on: account numbers,
/// holder ids, names, e-mails, a phone number and an address planted in the source (beside the
/// generator's own holder ids and accounts) appear in no output, no log line, no audit row and no
/// other table or file the product writes, whatever the command and however it ends; a finding names
/// its record's holder and account by their last four characters.
/// </summary>
public sealed class PrivacyTests
{
    private const string Period = "2025-01";
    private const string ViewerPassword = "viewer password 123";
    private const string AuditorPassword = "auditor password 123";

    private const string AccountA = "5550001234567890";
    private const string AccountB = "0098765432";
    private const string HolderA = "3174051203850001";
    private const string HolderB = "PH00417752";

    /// <summary>Name, e-mail, phone, address: never shown, in any form.</summary>
    private static readonly string[] PersonalTexts =
        ["Budi Santoso", "Andi Wijaya", "Dewi Lestari", "siti.rahma@example.co.id", "rina.p@example.com", "+62 812-3456-7890", "Jl. Merdeka No. 17, Jakarta"];

    /// <summary>The masked forms a finding shows of the planted holders and accounts (the original design's mask).</summary>
    private static readonly string[] Masked = ["************7890", "******5432", "************0001", "******7752"];

    [Fact]
    public async Task planted_personal_data_appears_in_no_output_log_audit_row_or_file_of_any_command_while_findings_show_holders_and_accounts_masked()
    {
        using var ws = new Workspace();
        var session = new Session(ws);
        await session.RunAsync(0, "init", "--admin", TestIdentity.Admin);
        await session.RunAsync(0, "generate", "--period", Period, "--premiums", "40", "--claims", "4");
        await session.RunAsWithPasswordAsync(0, ViewerPassword, "user", "add", "vera", "--role", "finance_viewer");
        await session.RunAsWithPasswordAsync(0, AuditorPassword, "user", "add", "aud", "--role", "auditor");
        Plant(ws);

        var findings = new[]
        {
            await session.RunAsync(2, "validate-source", "--period", Period),
            await session.RunAsync(2, "validate-source", "--period", Period, "--json"),
            await session.RunAsync(2, "run", "--period", Period),
            await session.RunAsync(2, "run", "--period", Period, "--json"),
        };
        await session.RunAsAsync(7, "vera", ViewerPassword, "run", "--period", Period);
        await session.RunAsAsync(6, TestIdentity.Admin, "not the password", "status");
        await session.RunAsync(64, "run", "--period", "2025-13");
        await session.RunAsync(0, "status", "--json");

        RemoveInvalid(ws);
        await session.RunAsync(0, "validate-source", "--period", Period, "--json");
        await session.RunAsync(0, "run", "--period", Period, "--json");
        await session.RunAsync(0, "status", "--batch-id", "2025-01-MONTHEND", "--json");
        await session.RunAsync(0, "worker", "--exit-when-idle");
        await session.RunAsAsync(0, "aud", AuditorPassword, "audit", "export", "--format", "json");
        await session.RunAsAsync(0, "aud", AuditorPassword, "audit", "export", "--format", "csv");
        await session.RunAsAsync(0, "aud", AuditorPassword, "audit", "verify");

        var logs = LogFiles(ws);
        var audit = Table(ws, "audit_batch_operations");
        audit.ShouldContain("SOURCE_GENERATED");
        var written = new Dictionary<string, string>
        {
            ["standard output and error"] = string.Join("\n", session.Results.Select(r => r.ToString())),
            ["log files"] = logs,
            ["audit_batch_operations"] = audit,
            ["the database's other tables"] = ProductTables(ws),
            ["the workspace's other files"] = OtherFiles(ws),
        };
        foreach (var secret in PersonalTexts.Concat([AccountA, AccountB, HolderA, HolderB]).Concat(GeneratedPersonalData(ws)))
        {
            foreach (var (where, text) in written)
            {
                text.ShouldNotContain(secret, Case.Insensitive, $"{where} show a planted value");
            }
        }

        var shown = CliResult.Flatten(string.Join("\n", findings.Select(f => f.Stdout)));
        Masked.ShouldAllBe(mask => shown.Contains(mask, StringComparison.Ordinal), $"findings name the holder and account masked:\n{shown}");
        shown.ShouldContain($"premium txn_id 900001 (holder {Masked[2]}, account {Masked[0]}): status [redacted] is not known");
        logs.ShouldContain(Masked[2], Case.Sensitive, "validate-source logs its findings (Debug) with the holder masked");
        logs.ShouldContain("\"level\":\"Information\"");
    }

    /// <summary>Connection strings to the tests' PostgreSQL (its host, port and user) that the server or the parser refuses, each holding a password.</summary>
    public static TheoryData<string> RefusedConnections() =>
    [
        // A separator typed as a space: the server's refusal quotes the database (the user) it was given, password and all.
        "Database=monthend Password=s3cr3t-Pw",
        "Database=no_such_database;Password=s3cr3t-Pw",
        "Username=nobody Password=s3cr3t-Pw;Database=postgres",
        // An unquoted ';' in the password: Npgsql's parser quotes what follows it.
        "Password=s3cr;et-Pw;Database=postgres",
    ];

    [Theory]
    [MemberData(nameof(RefusedConnections))]
    public async Task a_connection_strings_password_appears_in_no_message_nor_log_line_when_the_database_refuses_it(string rest)
    {
        using var ws = new Workspace();
        var admin = new NpgsqlConnectionStringBuilder(PgServer.AdminConnection);
        var connection = $"Host={admin.Host};Port={admin.Port};Username={admin.Username};{rest}";

        foreach (var args in new[] { new[] { "status" }, ["run", "--period", Period], ["validate-source", "--period", Period, "--json"], ["worker", "--exit-when-idle"] })
        {
            var result = await MonthEndProcess.RunAsync(ws.Directory, [.. args, "--db", connection], Session.Logging);

            result.ExitCode.ShouldNotBe(0, result.ToString());
            result.ToString().ShouldNotContain("s3cr", Case.Insensitive);
            result.ToString().ShouldNotContain("et-Pw", Case.Insensitive);
            if (rest.Contains(" Password=", StringComparison.Ordinal))
            {
                result.ToString().ShouldContain("(not shown)", Case.Sensitive, "the server's refusal quoted the swallowed password, which was taken out");
            }
        }

        LogFiles(ws).ShouldNotContain("s3cr", Case.Insensitive);
    }

    /// <summary>Invalid records whose findings name them, with personal data in every text column a name or e-mail could reach.</summary>
    private static void Plant(Workspace ws)
    {
        using var db = ws.Open();
        const string premium = """
            INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                                             product_code, plan_code, payment_method, status, account_number, policy_holder_id)
            VALUES (@id, 77, '2025-01-15', @paid, @amount, 40000000, 40000000, 20000000, @product, @plan, @method, @status, @account, @holder)
            """;
        var valid = new { id = 0, paid = "2025-01-16", amount = (object)100_000_000, product = "HYBRID-LIFE-001", plan = "PLAN-A", method = "TRANSFER", status = "PAID", account = AccountA, holder = HolderA };
        db.Execute(premium, valid with { id = 900001, status = "Budi Santoso" });
        db.Execute(premium, valid with { id = 900002, product = "siti.rahma@example.co.id", plan = "Jl. Merdeka No. 17, Jakarta", method = "+62 812-3456-7890", account = AccountB, holder = HolderB });
        db.Execute(premium, valid with { id = 900003, paid = "Andi Wijaya" });
        db.Execute(premium, valid with { id = 900004, amount = "Dewi Lestari", account = AccountB, holder = HolderB });
        // Valid, so it is posted: its personal data goes nowhere but its own row.
        db.Execute(premium, valid with { id = 900010, plan = "Budi Santoso", method = "siti.rahma@example.co.id" });
        db.Execute("""
            INSERT INTO claims_transaction (claim_id, policy_id, claim_date, claim_type, claim_amount, status, account_number, policy_holder_id)
            VALUES (900001, 77, '2025-01-20', 'rina.p@example.com', 500000000, 'APPROVED', @account, @holder)
            """, new { account = AccountA, holder = HolderB });
    }

    private static void RemoveInvalid(Workspace ws)
    {
        using var db = ws.Open();
        db.Execute("DELETE FROM premium_transaction WHERE txn_id BETWEEN 900001 AND 900004");
        db.Execute("DELETE FROM claims_transaction WHERE claim_id = 900001");
    }

    private static IEnumerable<string> GeneratedPersonalData(Workspace ws)
    {
        using var db = ws.Open();
        var generated = db.Query<string>("""
            SELECT account_number FROM premium_transaction WHERE txn_id < 900000 UNION SELECT policy_holder_id FROM premium_transaction WHERE txn_id < 900000
            UNION SELECT account_number FROM claims_transaction WHERE claim_id < 900000 UNION SELECT policy_holder_id FROM claims_transaction WHERE claim_id < 900000
            """).ToList();
        generated.Count.ShouldBeGreaterThan(40, "generated rows carry holders and accounts");
        return generated;
    }

    private static string LogFiles(Workspace ws)
    {
        var directory = Path.Combine(ws.Directory, Session.LogDirectory);
        return Directory.Exists(directory) ? string.Join("\n", Directory.GetFiles(directory).Select(File.ReadAllText)) : "";
    }

    private static string Table(Workspace ws, string table)
    {
        using var db = ws.Open();
        var rows = db.Query($"SELECT * FROM \"{table}\"").Cast<IDictionary<string, object?>>();
        return string.Join("\n", rows.Select(r => string.Join("|", r.Values)));
    }

    /// <summary>Every table the product writes: all but the source tables, which hold the planted data as loaded.</summary>
    private static string ProductTables(Workspace ws)
    {
        using var db = ws.Open();
        var tables = db.Query<string>("""
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('premium_transaction', 'claims_transaction')
            """).ToList();
        tables.ShouldContain("staging_month_end_master");
        return string.Join("\n", tables.Select(t => Table(ws, t)));
    }

    /// <summary>Files beside the database (staging and archive files, key, logs), byte for byte: all but the database itself.</summary>
    private static string OtherFiles(Workspace ws)
    {
        string[] database = [ws.Db, ws.Db + "-journal", ws.Db + "-wal", ws.Db + "-shm"];
        var files = Directory.GetFiles(ws.Directory, "*", SearchOption.AllDirectories).Where(f => !database.Contains(f)).ToList();
        files.ShouldContain(f => f.Contains("-archive", StringComparison.Ordinal), "the committed batch's archived staging");
        return string.Join("\n", files.Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
    }

    /// <summary>Every process of a test, with file logging on at Debug: what each wrote is kept.</summary>
    private sealed class Session(Workspace ws)
    {
        public const string LogDirectory = "logs";

        public static readonly Dictionary<string, string?> Logging = new()
        {
            ["MONTHEND_LOGGING__FILE__PATH"] = LogDirectory,
            ["MONTHEND_LOGGING__LOGLEVEL__DEFAULT"] = "Debug",
        };

        public List<CliResult> Results { get; } = [];

        public Task<CliResult> RunAsync(int exitCode, params string[] args) => RunWithAsync(exitCode, Logging, args);

        public Task<CliResult> RunAsAsync(int exitCode, string user, string password, params string[] args) =>
            RunWithAsync(exitCode, new Dictionary<string, string?>(Logging) { ["MONTHEND_USER"] = user, ["MONTHEND_PASSWORD"] = password }, args);

        public Task<CliResult> RunAsWithPasswordAsync(int exitCode, string newPassword, params string[] args) =>
            RunWithAsync(exitCode, new Dictionary<string, string?>(Logging) { ["MONTHEND_NEW_PASSWORD"] = newPassword }, args);

        private async Task<CliResult> RunWithAsync(int exitCode, Dictionary<string, string?> environment, string[] args)
        {
            var result = (await ws.CliWithAsync(environment, args)).ShouldExitWith(exitCode);
            Results.Add(result);
            return result;
        }
    }
}
