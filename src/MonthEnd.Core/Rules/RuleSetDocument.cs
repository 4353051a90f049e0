using System.Text.Json.Serialization;

namespace MonthEnd.Core.Rules;

// The rules file as written; RuleSetLoader checks it and turns it into a RuleSet.
// Unknown properties are refused so that a misspelt key cannot silently drop a rule.

internal sealed record RuleSetDocument(
    [property: JsonRequired] int Version,
    string? Description,
    [property: JsonRequired] CurrencyDocument Currency,
    [property: JsonRequired] ChartDocument ChartOfAccounts,
    [property: JsonRequired] IReadOnlyList<ProductDocument> Products,
    [property: JsonRequired] StatusesDocument PremiumStatuses,
    [property: JsonRequired] StatusesDocument ClaimStatuses,
    [property: JsonRequired] IReadOnlyList<TemplateDocument> Templates);

internal sealed record CurrencyDocument([property: JsonRequired] string Code, [property: JsonRequired] int MinorUnits);

internal sealed record ChartDocument([property: JsonRequired] int Version, [property: JsonRequired] IReadOnlyList<AccountDocument> Accounts);

internal sealed record AccountDocument(
    [property: JsonRequired] string Code,
    [property: JsonRequired] string Name,
    [property: JsonRequired] string Category,
    string? Fund);

internal sealed record ProductDocument(
    [property: JsonRequired] string Code,
    string? Name,
    [property: JsonRequired] int TabarruBasisPoints,
    [property: JsonRequired] int TanahudBasisPoints,
    string? Rounding);

internal sealed record StatusesDocument([property: JsonRequired] IReadOnlyList<string> Post, IReadOnlyList<string>? Skip);

internal sealed record TemplateDocument(
    [property: JsonRequired] string Code,
    [property: JsonRequired] string Source,
    [property: JsonRequired] string JeType,
    [property: JsonRequired] string Description,
    IReadOnlyList<string>? ClaimTypes,
    [property: JsonRequired] IReadOnlyList<TemplateLineDocument> Lines);

internal sealed record TemplateLineDocument(
    [property: JsonRequired] string Side,
    [property: JsonRequired] string Account,
    string? Fund,
    [property: JsonRequired] string Amount,
    string? Memo);
