using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Rules;

/// <summary>
/// One checked, immutable version of the posting rules: chart of accounts, products, statuses,
/// templates and claim routing. Built only by <see cref="RuleSetLoader"/>, so every instance has
/// passed every load-time check.
/// </summary>
public sealed class RuleSet
{
    internal RuleSet(
        int version,
        string description,
        string content,
        string sha256,
        ChartOfAccounts chart,
        IReadOnlyDictionary<string, TakafulProduct> products,
        StatusPolicy premiumStatuses,
        StatusPolicy claimStatuses,
        IReadOnlyList<PostingTemplate> templates,
        IReadOnlyDictionary<string, ClaimRoute> claimRoutes)
    {
        Version = version;
        Description = description;
        Content = content;
        Sha256 = sha256;
        Chart = chart;
        Products = products;
        PremiumStatuses = premiumStatuses;
        ClaimStatuses = claimStatuses;
        Templates = templates;
        PremiumTemplates = templates.Where(t => t.Source == SourceKind.Premium).ToArray();
        ClaimRoutes = claimRoutes;
        LinesPerPremium = PremiumTemplates.Sum(t => t.Lines.Count);
    }

    public int Version { get; }

    public string Description { get; }

    /// <summary>The rules file exactly as loaded; stored with the batch so a resume uses the same rules.</summary>
    public string Content { get; }

    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex.</summary>
    public string Sha256 { get; }

    public ChartOfAccounts Chart { get; }

    public IReadOnlyDictionary<string, TakafulProduct> Products { get; }

    public StatusPolicy PremiumStatuses { get; }

    public StatusPolicy ClaimStatuses { get; }

    public IReadOnlyList<PostingTemplate> Templates { get; }

    /// <summary>Applied in this order to every posted premium, one entry each.</summary>
    public IReadOnlyList<PostingTemplate> PremiumTemplates { get; }

    public IReadOnlyDictionary<string, ClaimRoute> ClaimRoutes { get; }

    /// <summary>Journal lines one premium produces across all premium templates.</summary>
    public int LinesPerPremium { get; }
}
