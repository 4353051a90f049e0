using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Rules;

/// <summary>
/// Reads a rules file and checks it before anything may use it: every template balances, every
/// account exists in the chart, every fund is known, every claim type goes to exactly one
/// template. A broken file is refused with every problem named (template and rule).
/// </summary>
public static class RuleSetLoader
{
    public const string DefaultOrigin = "the built-in default rules";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,

        // A null where the file's shape says a value must be is a malformed file, not a crash.
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    private static readonly Dictionary<string, AccountCategory> Categories = new(StringComparer.Ordinal)
    {
        ["ASSET"] = AccountCategory.Asset,
        ["LIABILITY"] = AccountCategory.Liability,
        ["EQUITY"] = AccountCategory.Equity,
        ["INCOME"] = AccountCategory.Income,
        ["EXPENSE"] = AccountCategory.Expense,
    };

    public static RuleSet LoadDefault() => Parse(DefaultContent(), DefaultOrigin);

    public static RuleSet LoadFile(string path)
    {
        string content;
        try
        {
            content = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuleSetException(path, [new RuleProblem("file", "FILE_READABLE", e.Message)]);
        }

        return Parse(content, path);
    }

    public static string DefaultContent()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MonthEnd.Core.Rules.default-rules.json")
                           ?? throw new InvalidOperationException("the default rules are missing from MonthEnd.Core");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static RuleSet Parse(string content, string origin)
    {
        RuleSetDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RuleSetDocument>(content, Json);
        }
        catch (JsonException e)
        {
            throw new RuleSetException(origin, [new RuleProblem("file", "JSON_WELL_FORMED", e.Message)]);
        }

        if (document is null)
        {
            throw new RuleSetException(origin, [new RuleProblem("file", "JSON_WELL_FORMED", "the file is empty")]);
        }

        var check = new Checks();
        var ruleSet = Build(document, content, check);
        if (check.Problems.Count > 0 || ruleSet is null)
        {
            throw new RuleSetException(origin, check.Problems);
        }

        return ruleSet;
    }

    private static RuleSet? Build(RuleSetDocument doc, string content, Checks check)
    {
        check.That(doc.Version > 0, "file", "VERSION_POSITIVE", $"version must be a positive integer, not {doc.Version}");
        check.That(doc.Currency.MinorUnits == Money.Scale, "currency", "CURRENCY_SCALE",
            $"currency {doc.Currency.Code} must have {Money.Scale} minor units, not {doc.Currency.MinorUnits}");

        var chart = BuildChart(doc.ChartOfAccounts, check);
        var products = BuildProducts(doc.Products, check);
        var premiumStatuses = BuildStatuses("premiumStatuses", doc.PremiumStatuses, check);
        var claimStatuses = BuildStatuses("claimStatuses", doc.ClaimStatuses, check);
        var templates = doc.Templates.Select(t => BuildTemplate(t, chart, check)).Where(t => t is not null).Select(t => t!).ToList();

        foreach (var duplicate in templates.GroupBy(t => t.Code).Where(g => g.Count() > 1))
        {
            check.Fail($"template {duplicate.Key}", "TEMPLATE_CODE_UNIQUE", "the template code is used more than once");
        }

        check.That(templates.Any(t => t.Source == SourceKind.Premium), "templates", "PREMIUM_TEMPLATES_PRESENT",
            "at least one PREMIUM template is needed to post premiums");

        var routes = BuildClaimRoutes(templates, check);
        if (check.Problems.Count > 0)
        {
            return null;
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        return new RuleSet(doc.Version, doc.Description ?? "", content, sha, chart, products, premiumStatuses, claimStatuses, templates, routes);
    }

    private static ChartOfAccounts BuildChart(ChartDocument doc, Checks check)
    {
        check.That(doc.Version > 0, "chartOfAccounts", "VERSION_POSITIVE", $"chart version must be positive, not {doc.Version}");
        var accounts = new List<Account>();
        foreach (var a in doc.Accounts)
        {
            var where = $"account {a.Code}";
            check.That(!string.IsNullOrWhiteSpace(a.Code), where, "ACCOUNT_CODE_PRESENT", "the account code is empty");
            var categoryKnown = Categories.TryGetValue(a.Category, out var category);
            check.That(categoryKnown, where, "ACCOUNT_CATEGORY_KNOWN",
                $"category '{a.Category}' is not one of ASSET, LIABILITY, EQUITY, INCOME, EXPENSE");
            Fund? fund = null;
            if (a.Fund is not null)
            {
                if (Funds.TryParse(a.Fund, out var f))
                {
                    fund = f;
                }
                else
                {
                    check.Fail(where, "FUND_KNOWN", $"fund '{a.Fund}' is not known (TABARRU, TANAHUD, UJROH)");
                }
            }

            accounts.Add(new Account(a.Code, a.Name, category, fund));
        }

        foreach (var duplicate in accounts.GroupBy(a => a.Code).Where(g => g.Count() > 1))
        {
            check.Fail($"account {duplicate.Key}", "ACCOUNT_CODE_UNIQUE", "the account code is listed more than once");
        }

        return new ChartOfAccounts(doc.Version, accounts.DistinctBy(a => a.Code));
    }

    private static Dictionary<string, TakafulProduct> BuildProducts(IReadOnlyList<ProductDocument> docs, Checks check)
    {
        var products = new Dictionary<string, TakafulProduct>(StringComparer.Ordinal);
        check.That(docs.Count > 0, "products", "PRODUCTS_PRESENT", "at least one product is needed");
        foreach (var p in docs)
        {
            var where = $"product {p.Code}";
            var rounding = p.Rounding switch
            {
                null or "HALF_EVEN" => RoundingMode.HalfEven,
                "HALF_UP" => RoundingMode.HalfUp,
                _ => (RoundingMode?)null,
            };
            check.That(rounding is not null, where, "ROUNDING_KNOWN", $"rounding '{p.Rounding}' is not HALF_EVEN or HALF_UP");
            var ratesValid = p.TabarruBasisPoints is >= 0 and <= AllocationRule.WholeInBasisPoints
                             && p.TanahudBasisPoints is >= 0 and <= AllocationRule.WholeInBasisPoints
                             && p.TabarruBasisPoints + p.TanahudBasisPoints <= AllocationRule.WholeInBasisPoints;
            check.That(ratesValid, where, "ALLOCATION_RATES_VALID",
                $"Tabarru {p.TabarruBasisPoints} bp and Tanahud {p.TanahudBasisPoints} bp must each be 0-10000 and sum to at most 10000");
            if (!products.TryAdd(p.Code, new TakafulProduct(p.Code, p.Name ?? p.Code,
                    new AllocationRule(p.TabarruBasisPoints, p.TanahudBasisPoints, rounding ?? RoundingMode.HalfEven))))
            {
                check.Fail(where, "PRODUCT_CODE_UNIQUE", "the product code is listed more than once");
            }
        }

        return products;
    }

    private static StatusPolicy BuildStatuses(string where, StatusesDocument doc, Checks check)
    {
        var skip = doc.Skip ?? [];
        check.That(doc.Post.Count > 0, where, "POSTING_STATUS_PRESENT", "at least one status must be posted");
        foreach (var both in doc.Post.Intersect(skip, StringComparer.Ordinal))
        {
            check.Fail(where, "STATUS_POSTED_OR_SKIPPED", $"status {both} is both posted and skipped");
        }

        return new StatusPolicy(doc.Post, skip);
    }

    private static PostingTemplate? BuildTemplate(TemplateDocument doc, ChartOfAccounts chart, Checks check)
    {
        var where = $"template {doc.Code}";
        var problemsBefore = check.Problems.Count;
        SourceKind source = default;
        var sourceKnown = doc.Source is "PREMIUM" or "CLAIM";
        if (sourceKnown)
        {
            source = SourceKinds.Parse(doc.Source);
        }

        check.That(sourceKnown, where, "SOURCE_KNOWN", $"source '{doc.Source}' is not PREMIUM or CLAIM");
        check.That(!string.IsNullOrWhiteSpace(doc.JeType), where, "JE_TYPE_PRESENT", "jeType is empty");

        var lines = new List<TemplateLine>();
        short lineNumber = 0;
        foreach (var l in doc.Lines)
        {
            lineNumber++;
            var lineWhere = $"{where} line {lineNumber}";
            var side = l.Side switch { "DEBIT" => EntrySide.Debit, "CREDIT" => EntrySide.Credit, _ => (EntrySide?)null };
            check.That(side is not null, lineWhere, "SIDE_KNOWN", $"side '{l.Side}' is not DEBIT or CREDIT");
            if (!chart.TryGet(l.Account, out var account))
            {
                check.Fail(lineWhere, "ACCOUNT_IN_CHART", $"account {l.Account} is not in chart of accounts version {chart.Version}");
                continue;
            }

            CheckLineFund(l, account, lineWhere, check);
            if (!AmountFields.TryParse(l.Amount, out var amount))
            {
                check.Fail(lineWhere, "AMOUNT_FIELD_KNOWN",
                    $"amount '{l.Amount}' is not one of PREMIUM_AMOUNT, FUND_TABARRU, FUND_TANAHUD, FUND_UJROH, CLAIM_AMOUNT");
                continue;
            }

            if (sourceKnown && amount.Source() != source)
            {
                check.Fail(lineWhere, "AMOUNT_FIELD_FITS_SOURCE", $"a {doc.Source} template cannot post {l.Amount}");
            }

            if (source == SourceKind.Premium && account.Fund is { } fund && amount != FundAmountOf(fund))
            {
                // Fund totals reconcile to the source allocations only if each fund moves by its own column.
                check.Fail(lineWhere, "PREMIUM_FUND_AMOUNT",
                    $"a premium line on a {fund.Code()} account must post {FundAmountOf(fund).Code()}, not {l.Amount}");
            }

            if (side is not null)
            {
                lines.Add(new TemplateLine(lineNumber, side.Value, account, amount, l.Memo));
            }
        }

        CheckBalances(where, lines, check);
        var claimTypes = doc.ClaimTypes ?? [];
        if (source == SourceKind.Claim)
        {
            check.That(claimTypes.Count > 0, where, "CLAIM_TYPES_PRESENT", "a CLAIM template must name the claim types it posts");
            var funds = lines.Where(x => x.Fund is not null).Select(x => x.Fund).Distinct().Count();
            check.That(funds == 1, where, "CLAIM_SINGLE_FUND", $"a CLAIM template must move exactly one fund, this one moves {funds}");
        }
        else if (sourceKnown)
        {
            check.That(claimTypes.Count == 0, where, "CLAIM_TYPES_ONLY_ON_CLAIMS", "only CLAIM templates take claimTypes");
        }

        return check.Problems.Count == problemsBefore
            ? new PostingTemplate(doc.Code, source, doc.JeType, doc.Description, lines, claimTypes)
            : null;
    }

    private static void CheckLineFund(TemplateLineDocument line, Account account, string where, Checks check)
    {
        if (line.Fund is null)
        {
            check.That(account.Fund is null, where, "LINE_FUND_MATCHES_ACCOUNT",
                $"account {account.Code} belongs to fund {account.Fund?.Code()}; the line must say so");
            return;
        }

        if (!Funds.TryParse(line.Fund, out var fund))
        {
            check.Fail(where, "FUND_KNOWN", $"fund '{line.Fund}' is not known (TABARRU, TANAHUD, UJROH)");
            return;
        }

        check.That(account.Fund == fund, where, "LINE_FUND_MATCHES_ACCOUNT",
            $"the line moves {fund.Code()} but account {account.Code} belongs to {account.Fund?.Code() ?? "no fund"}");
    }

    private static void CheckBalances(string where, List<TemplateLine> lines, Checks check)
    {
        var debits = lines.Where(l => l.Side == EntrySide.Debit).Select(l => l.Amount.Code()).Order().ToArray();
        var credits = lines.Where(l => l.Side == EntrySide.Credit).Select(l => l.Amount.Code()).Order().ToArray();
        check.That(debits.Length > 0 && credits.Length > 0, where, "TEMPLATE_HAS_BOTH_SIDES", "a template needs at least one debit and one credit line");
        // Amounts are source columns, so the entry balances for every record exactly when both sides
        // post the same multiset of columns.
        check.That(debits.SequenceEqual(credits), where, "TEMPLATE_BALANCES",
            $"debits [{string.Join(", ", debits)}] do not equal credits [{string.Join(", ", credits)}]");
    }

    private static Dictionary<string, ClaimRoute> BuildClaimRoutes(List<PostingTemplate> templates, Checks check)
    {
        var routes = new Dictionary<string, ClaimRoute>(StringComparer.Ordinal);
        foreach (var template in templates.Where(t => t.Source == SourceKind.Claim))
        {
            foreach (var claimType in template.ClaimTypes)
            {
                if (routes.TryGetValue(claimType, out var existing))
                {
                    check.Fail($"template {template.Code}", "CLAIM_TYPE_ROUTED_ONCE",
                        $"claim type {claimType} is already posted by template {existing.Template.Code}");
                    continue;
                }

                routes[claimType] = new ClaimRoute(claimType, template, template.FundsMoved.Single());
            }
        }

        check.That(routes.Count > 0, "templates", "CLAIM_TEMPLATES_PRESENT", "at least one CLAIM template is needed to post claims");
        return routes;
    }

    private static AmountField FundAmountOf(Fund fund) => fund switch
    {
        Fund.Tabarru => AmountField.FundTabarru,
        Fund.Tanahud => AmountField.FundTanahud,
        _ => AmountField.FundUjroh,
    };

    private sealed class Checks
    {
        public List<RuleProblem> Problems { get; } = [];

        public void That(bool condition, string where, string rule, string message)
        {
            if (!condition)
            {
                Fail(where, rule, message);
            }
        }

        public void Fail(string where, string rule, string message) => Problems.Add(new RuleProblem(where, rule, message));
    }
}
