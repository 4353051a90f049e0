using Microsoft.Extensions.Compliance.Classification;

namespace MonthEnd.Core.Privacy;

/// <summary>
/// The kinds of personal data the product meets, after the original design's SensitiveDataHandler:
/// what a classification says is which data it is; how much of it may be shown is the redactor's
/// business, chosen once where the operations layer registers redaction.
/// </summary>
public static class MonthEndTaxonomy
{
    public const string Name = "MonthEnd";

    /// <summary>
    /// Identifiers of a person or their money (account_number, policy_holder_id): shown only as
    /// their last four characters (mask_sensitive_data), enough to tell records apart.
    /// </summary>
    public static DataClassification Masked { get; } = new(Name, nameof(Masked));

    /// <summary>
    /// Names, e-mails, phone numbers, addresses (anonymize_for_logging), and source text the rules
    /// do not recognise (an unknown status or product code, a value of the wrong type): a free-text
    /// column may hold any of them, so such text is treated as one of them. Never shown.
    /// </summary>
    public static DataClassification Personal { get; } = new(Name, nameof(Personal));
}

/// <summary>A member or parameter holding <see cref="MonthEndTaxonomy.Masked"/> data.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class MaskedDataAttribute() : DataClassificationAttribute(MonthEndTaxonomy.Masked);

/// <summary>A member or parameter holding <see cref="MonthEndTaxonomy.Personal"/> data.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(MonthEndTaxonomy.Personal);
