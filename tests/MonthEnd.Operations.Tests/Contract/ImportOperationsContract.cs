using System.Globalization;
using System.Text;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Import;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Import;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>The operations layer over a fresh database of one store, a signed-in batch_admin, a directory for files and the test's own CSV writer.</summary>
public abstract class ImportContractBase(Func<IStoreTarget> targets) : IAsyncLifetime
{
    protected const string Account = "0012345678";
    protected const string Holder = "3174051203850001";

    protected static readonly RuleSet Rules = RuleSetLoader.LoadDefault();
    protected static readonly CancellationToken Ct = CancellationToken.None;

    private readonly string _directory = Directory.CreateTempSubdirectory("monthend-import-").FullName;

    protected IStoreTarget Target { get; } = targets();

    protected OperationsHost Host { get; private set; } = null!;

    protected Caller Admin { get; private set; } = null!;

    protected ImportOperations Imports => Host.Get<ImportOperations>();

    public async Task InitializeAsync()
    {
        Host = await OperationsHost.StartAsync(Target);
        Admin = await Host.UserAsync("importer", Role.BatchAdmin);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Target.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    protected async Task<ImportReport> ImportAsync(SourceKind kind, string csv, bool validateOnly = false) =>
        await Imports.ImportAsync(Admin, new ImportRequest(kind, Write(csv), validateOnly, Rules), Ct);

    protected string Write(string text)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    protected string NewPath(string name) => Path.Combine(_directory, name);

    /// <summary>The test's own RFC 4180 writer: a field with a comma, a quote or a line break quoted, its quotes doubled; CRLF between records.</summary>
    protected static string Csv(IReadOnlyList<ImportColumn> layout, IEnumerable<string[]> rows) =>
        string.Join("\r\n", new[] { string.Join(",", layout.Select(c => c.Name)) }.Concat(rows.Select(r => string.Join(",", r.Select(Quote))))) + "\r\n";

    protected static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    protected static string[] Premium(long id, string amount = "1000.00", string tabarru = "400.00", string tanahud = "400.00", string ujroh = "200.00") =>
        [Id(id), "900", "2025-01-14", "2025-01-15", amount, tabarru, tanahud, ujroh, "HYBRID-LIFE-001", "PLAN-A", "TRANSFER", "PAID", Account, Holder];

    protected static string[] WithPlan(string[] premium, string plan)
    {
        premium[9] = plan;
        return premium;
    }

    protected static string[] Claim(long id) => [Id(id), "900", "2025-01-20", "DEATH", "500.00", "APPROVED", Account, Holder];

    protected static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    protected static string Table(SourceKind kind) => kind == SourceKind.Premium ? "premium_transaction" : "claims_transaction";

    /// <summary>A row as the test wrote it, in the form <see cref="RowsAsync"/> reads: amounts in sen, empty fields NULL.</summary>
    protected static string Oracle(IReadOnlyList<ImportColumn> layout, string[] fields) =>
        string.Join(" | ", layout.Select((c, i) => fields[i].Length == 0 ? "NULL"
            : c.Type == ColumnType.Amount ? (decimal.Parse(fields[i], CultureInfo.InvariantCulture) * 100).ToString("0", CultureInfo.InvariantCulture)
            : fields[i]));

    protected async Task<List<string>> RowsAsync(SourceKind kind, long fromId = 0)
    {
        var layout = ImportLayout.For(kind);
        var columns = string.Join(", ", layout.Select(c => c.Type switch
        {
            ColumnType.Amount => Target.InSen(c.Name),
            ColumnType.Date => $"CAST({c.Name} AS TEXT)",
            _ => c.Name,
        }));
        var id = layout[0].Name;
        var rows = await Target.RowsAsync($"SELECT {columns} FROM {Table(kind)} WHERE {id} >= {fromId} ORDER BY {id}");
        return [.. rows.Select(r => string.Join(" | ", r.Select(v => v is null ? "NULL" : Convert.ToString(v, CultureInfo.InvariantCulture))))];
    }

    protected async Task<(string, AuditStatus)> LastAuditAsync()
    {
        AuditEntry? last = null;
        await foreach (var row in Host.Get<IAuditStore>().ReadAuditAsync(new AuditQuery(), Ct))
        {
            last = row;
        }

        return (last!.Draft.Operation, last.Draft.Status);
    }
}

/// <summary>
/// monthend import through the operations layer, on a real database: files written here by the
/// test's own RFC 4180 writer, their rows compared with the fields the test wrote (the oracle), every
/// column's wrong forms refused with their line, column and rule, and nothing written unless all is well.
/// </summary>
public abstract class ImportOperationsContract(Func<IStoreTarget> targets) : ImportContractBase(targets)
{
    [Fact]
    public async Task import_puts_each_row_in_the_source_equal_to_its_csv_fields()
    {
        string[][] premiums =
        [
            Premium(11),
            WithPlan(Premium(12, "1000.5", "400.20", "400.20", "200.10"), "two\r\nlines, \"quoted\""),
            Premium(13, "7", "2.80", "2.80", "1.40"),
            [.. Premium(14).Take(11), "PENDING", "", ""],
            WithPlan(Premium(15), "Zoë 李雷 👩‍💻 '; DROP TABLE premium_transaction; --"),
        ];
        string[][] claims = [Claim(21), [.. Claim(22).Take(3), "TANAHUD_REFUND", "12.3", "APPROVED", "", "PH00000001"]];

        var premiumReport = await ImportAsync(SourceKind.Premium, Csv(ImportLayout.Premiums, premiums));
        var claimReport = await ImportAsync(SourceKind.Claim, Csv(ImportLayout.Claims, claims));

        premiumReport.Findings.ShouldBeEmpty();
        (premiumReport.Valid, premiumReport.Records, premiumReport.Imported).ShouldBe((true, 5, 5));
        (claimReport.Valid, claimReport.Imported).ShouldBe((true, 2));
        (await RowsAsync(SourceKind.Premium)).ShouldBe(premiums.Select(r => Oracle(ImportLayout.Premiums, r)).ToList());
        (await RowsAsync(SourceKind.Claim)).ShouldBe(claims.Select(r => Oracle(ImportLayout.Claims, r)).ToList());
    }

    public static TheoryData<string, string, string, string> WrongFields() => new()
    {
        { "premiums", "txn_id", "12a", ImportRule.FieldType },
        { "premiums", "txn_id", "0", "ID_IN_RANGE" },
        { "premiums", "txn_id", "", "REQUIRED_FIELD" },
        { "premiums", "policy_id", "1.5", ImportRule.FieldType },
        { "premiums", "txn_date", "2025/01/05", ImportRule.DateFormat },
        { "premiums", "payment_date", "2025-02-30", ImportRule.DateExists },
        { "premiums", "payment_date", "", "REQUIRED_FIELD" },
        { "premiums", "premium_amount", "1,000.00", ImportRule.AmountFormat },
        { "premiums", "premium_amount", "1000.001", ImportRule.AmountDecimals },
        { "premiums", "premium_amount", "0", "AMOUNT_POSITIVE" },
        { "premiums", "fund_tabarru", "-400.00", "FUND_PART_NOT_NEGATIVE" },
        { "premiums", "fund_tanahud", "4e2", ImportRule.AmountFormat },
        { "premiums", "fund_ujroh", "", "REQUIRED_FIELD" },
        { "premiums", "product_code", "NOPE", "PRODUCT_KNOWN" },
        { "premiums", "plan_code", "a\0b", ImportRule.TextReadable },
        { "premiums", "payment_method", "bad \uFFFD byte", ImportRule.TextReadable },
        { "premiums", "status", "LOST", "STATUS_KNOWN" },
        { "premiums", "status", "", "REQUIRED_FIELD" },
        { "premiums", "account_number", "12\0", ImportRule.TextReadable },
        { "premiums", "policy_holder_id", "\0", ImportRule.TextReadable },
        { "claims", "claim_id", "x", ImportRule.FieldType },
        { "claims", "policy_id", "99999999999999999999", ImportRule.FieldType },
        { "claims", "claim_date", "20-01-2025", ImportRule.DateFormat },
        { "claims", "claim_date", "2025-13-01", ImportRule.DateExists },
        { "claims", "claim_type", "FIRE", "CLAIM_TYPE_KNOWN" },
        { "claims", "claim_amount", "1e5", ImportRule.AmountFormat },
        { "claims", "claim_amount", "-5.00", "AMOUNT_POSITIVE" },
        { "claims", "claim_amount", "5.5.5", ImportRule.AmountFormat },
        { "claims", "status", "", "REQUIRED_FIELD" },
        { "claims", "account_number", "x\0", ImportRule.TextReadable },
        { "claims", "policy_holder_id", "bad \uFFFD", ImportRule.TextReadable },
    };

    [Fact]
    public async Task a_wrong_field_in_any_column_is_reported_with_its_line_column_and_rule_and_nothing_is_imported()
    {
        foreach (var kind in new[] { SourceKind.Premium, SourceKind.Claim })
        {
            // One file per kind: a good row, then each case in a row of its own (line 3 on), then a good row.
            var layout = ImportLayout.For(kind);
            var cases = WrongFields().Select(c => (Kind: (string)c[0], Column: (string)c[1], Value: (string)c[2], Rule: (string)c[3]))
                .Where(c => c.Kind == (kind == SourceKind.Premium ? "premiums" : "claims")).ToList();
            var rows = cases.Select((c, i) =>
            {
                var row = kind == SourceKind.Premium ? Premium(100 + i) : Claim(100 + i);
                row[layout.ToList().FindIndex(l => l.Name == c.Column)] = c.Value;
                return row;
            }).Prepend(kind == SourceKind.Premium ? Premium(1) : Claim(1)).Append(kind == SourceKind.Premium ? Premium(2) : Claim(2));

            var report = await ImportAsync(kind, Csv(layout, rows));

            report.Valid.ShouldBeFalse();
            report.Imported.ShouldBe(0);
            report.Records.ShouldBe(cases.Count + 2);
            var shown = string.Join("\n", report.Findings);
            for (var i = 0; i < cases.Count; i++)
            {
                var (_, column, value, rule) = cases[i];
                var line = i + 3;
                report.Findings.ShouldContain(f => f.Line == line && f.Column == column && f.Rule == rule, $"line {line}: {column} {rule}\n{shown}");
                var type = layout.Single(l => l.Name == column).Type;
                if (type is ColumnType.Text or ColumnType.Integer or ColumnType.Date && value.Length > 2)
                {
                    report.Findings.Where(f => f.Line == line).ShouldAllBe(f => !f.Message.Contains(value), "a value the file gave is never quoted");
                }
            }

            report.Findings.Select(f => f.Line).ShouldBeSubsetOf(Enumerable.Range(3, cases.Count).Select(l => (long)l));
            report.Findings.ShouldAllBe(f => !f.Message.Contains(Account) && !f.Message.Contains(Holder));
            report.FindingCount.ShouldBe(report.Findings.Count);
            (await Target.CountAsync($"SELECT count(*) FROM {Table(kind)}")).ShouldBe(0);
            (await LastAuditAsync()).ShouldBe(("SOURCE_IMPORTED", AuditStatus.Failed));
        }
    }

    public static TheoryData<string, string> WrongHeaders() => new()
    {
        { "txn_id,policy_id,txn_date,payment_date,premium_amount,fund_tabarru,fund_tanahud,fund_ujroh,product_code,plan_code,payment_method,account_number,policy_holder_id", "status" },
        { "txn_id,policy_id,txn_date,payment_date,premium_amount,fund_tabarru,fund_tanahud,fund_ujroh,product_code,plan_code,payment_method,status,account_number,policy_holder_id,note", "note" },
        { "txn_id,policy_id,txn_date,payment_date,premium_amount,fund_tabarru,fund_tanahud,fund_ujroh,product_code,plan_code,payment_method,status,account_number,policy_holder_id,txn_id", "txn_id" },
        { "TXN_ID,policy_id,txn_date,payment_date,premium_amount,fund_tabarru,fund_tanahud,fund_ujroh,product_code,plan_code,payment_method,status,account_number,policy_holder_id", "TXN_ID" },
        { "", "txn_id" },
    };

    [Fact]
    public async Task a_file_whose_header_is_wrong_is_refused_at_once_naming_the_column()
    {
        foreach (var (header, column) in WrongHeaders().Select(c => ((string)c[0], (string)c[1])))
        {
            // An empty header: an empty file (a reader passes over empty lines to the first that has text).
            var path = Write(header.Length == 0 ? "" : header + "\r\n" + string.Join(",", Premium(1)) + "\r\n");

            var refused = await Should.ThrowAsync<ImportHeaderException>(() => Imports.ImportAsync(Admin, new ImportRequest(SourceKind.Premium, path, false, Rules), Ct));

            refused.Column.ShouldBe(column);
            refused.Message.ShouldContain($"'{column}'");
            (await Target.CountAsync("SELECT count(*) FROM premium_transaction")).ShouldBe(0);
            (await LastAuditAsync()).ShouldBe(("SOURCE_IMPORTED", AuditStatus.Failed));
        }
    }

    [Fact]
    public async Task validate_only_checks_every_row_and_writes_nothing_but_its_audit_row()
    {
        var report = await ImportAsync(SourceKind.Premium, Csv(ImportLayout.Premiums, [Premium(1), Premium(2)]), validateOnly: true);

        (report.Valid, report.Records, report.Imported).ShouldBe((true, 2, 0));
        (await Target.CountAsync("SELECT count(*) FROM premium_transaction")).ShouldBe(0);
        (await LastAuditAsync()).ShouldBe(("SOURCE_IMPORTED", AuditStatus.Success));

        var bad = await ImportAsync(SourceKind.Premium, Csv(ImportLayout.Premiums, [Premium(1), Premium(1)]), validateOnly: true);
        bad.Findings.ShouldHaveSingleItem().ShouldBe(new ShownImportFinding(3, "txn_id", ImportRule.IdUniqueInFile, "txn_id 1 is already on line 2 of the file"));
    }

    [Fact]
    public async Task ids_repeated_in_the_file_or_already_in_the_source_are_refused_naming_both_lines_or_the_id()
    {
        (await ImportAsync(SourceKind.Claim, Csv(ImportLayout.Claims, [Claim(5), Claim(6)]))).Imported.ShouldBe(2);

        var report = await ImportAsync(SourceKind.Claim, Csv(ImportLayout.Claims, [Claim(7), Claim(6), Claim(7), Claim(8)]));

        report.Findings.ShouldBe(
        [
            new ShownImportFinding(3, "claim_id", ImportRule.IdNotInSource, "claim_id 6 is already in the source table"),
            new ShownImportFinding(4, "claim_id", ImportRule.IdUniqueInFile, "claim_id 7 is already on line 2 of the file"),
        ]);
        (await Target.CountAsync("SELECT count(*) FROM claims_transaction")).ShouldBe(2);
    }

    [Fact]
    public async Task findings_are_listed_in_line_order_whichever_check_found_them()
    {
        (await ImportAsync(SourceKind.Premium, Csv(ImportLayout.Premiums, [Premium(6)]))).Imported.ShouldBe(1);
        var unknownProduct = Premium(13);
        unknownProduct[8] = "NO-SUCH-PRODUCT";

        // Found in three passes: the rows' own checks as the file streams (lines 5, 7), then in the
        // database the file's repeated ids (line 6) and the ids already in the source (line 2).
        var report = await ImportAsync(SourceKind.Premium, Csv(ImportLayout.Premiums,
            [Premium(6), Premium(10), Premium(11), Premium(12, amount: "1000.001"), Premium(10), unknownProduct]));

        report.Findings.Select(f => f.Line).ShouldBeInOrder(SortDirection.Ascending);
        report.Findings.Select(f => f.Line).Distinct().ShouldBe([2, 5, 6, 7]);
        report.Findings[0].ShouldBe(new ShownImportFinding(2, "txn_id", ImportRule.IdNotInSource, "txn_id 6 is already in the source table"));
        report.Findings.ShouldContain(f => f.Line == 5 && f.Rule == ImportRule.AmountDecimals);
        report.Findings.Single(f => f.Line == 6).ShouldBe(new ShownImportFinding(6, "txn_id", ImportRule.IdUniqueInFile, "txn_id 10 is already on line 3 of the file"));
        report.Findings.Single(f => f.Line == 7).Rule.ShouldBe(SourceRule.UnknownProduct);
        (await Target.CountAsync("SELECT count(*) FROM premium_transaction")).ShouldBe(1);
    }

    [Fact]
    public async Task beyond_the_listed_thousand_the_findings_of_the_earliest_lines_are_listed_whichever_check_found_them()
    {
        (await ImportAsync(SourceKind.Claim, Csv(ImportLayout.Claims, [Claim(1)]))).Imported.ShouldBe(1);
        var lost = Enumerable.Range(2, 1_100).Select(i => { var r = Claim(i); r[5] = "LOST"; return r; });

        // Line 2 repeats an id of the source: the database finds it after the file's 1,100 bad statuses.
        var report = await ImportAsync(SourceKind.Claim, Csv(ImportLayout.Claims, [Claim(1), .. lost]));

        report.FindingCount.ShouldBe(1_101);
        report.Findings.Count.ShouldBe(ImportOperations.ListLimit);
        report.Findings[0].ShouldBe(new ShownImportFinding(2, "claim_id", ImportRule.IdNotInSource, "claim_id 1 is already in the source table"));
        report.Findings.Select(f => f.Line).ShouldBe(Enumerable.Range(2, ImportOperations.ListLimit).Select(l => (long)l));
    }

    [Fact]
    public async Task findings_beyond_the_listed_thousand_are_still_counted()
    {
        var rows = Enumerable.Range(1, 1_200).Select(i => { var r = Claim(i); r[5] = "LOST"; return r; }).Append(Claim(5_000)).ToArray();

        var report = await ImportAsync(SourceKind.Claim, Csv(ImportLayout.Claims, rows));

        report.Findings.Count.ShouldBe(ImportOperations.ListLimit);
        report.FindingCount.ShouldBe(1_200);
        report.Records.ShouldBe(1_201);
        report.Findings[^1].Line.ShouldBe(1_001);
        (await Target.CountAsync("SELECT count(*) FROM claims_transaction")).ShouldBe(0);
    }

    [Fact]
    public async Task a_user_without_import_source_is_refused_and_the_refusal_is_audited()
    {
        var operatorUser = await Host.UserAsync("operator", Role.BatchOperator);
        var path = Write(Csv(ImportLayout.Claims, [Claim(1)]));

        var denied = await Should.ThrowAsync<AccessDeniedException>(() => Imports.ImportAsync(operatorUser, new ImportRequest(SourceKind.Claim, path, false, Rules), Ct));

        denied.Permission.ShouldBe(Permission.ImportSource);
        (await Target.CountAsync("SELECT count(*) FROM claims_transaction")).ShouldBe(0);
        (await LastAuditAsync()).ShouldBe(("SOURCE_IMPORTED", AuditStatus.Failed));
    }
}
