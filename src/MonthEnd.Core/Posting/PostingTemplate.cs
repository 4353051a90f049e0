using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Posting;

/// <summary>A versioned rule that turns one source record into one balanced journal entry.</summary>
public sealed record PostingTemplate(
    string Code,
    SourceKind Source,
    string JeType,
    string Description,
    IReadOnlyList<TemplateLine> Lines,
    IReadOnlyList<string> ClaimTypes)
{
    /// <summary>The funds this template's lines move (empty for none).</summary>
    public IReadOnlyList<Fund> FundsMoved { get; } =
        Lines.Where(l => l.Fund is not null).Select(l => l.Fund!.Value).Distinct().ToArray();
}
