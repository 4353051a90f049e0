using MonthEnd.Core.Posting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Source;

/// <summary>
/// An unprocessed source row that a period's scan does not see as it should, found by a query of
/// its own: one whose period date is no date (<paramref name="DateShown"/>: the stored value as
/// text, or null when it is NULL; it then belongs to no period; being upstream text of any kind, a
/// finding keeps it <see cref="MonthEndTaxonomy.Personal"/>), or one of the period's rows whose
/// id an earlier batch already posted (<paramref name="PostedBy"/>, that batch's id).
/// <paramref name="RowRef"/> is the store's physical row id. <paramref name="PostedBy"/> is empty
/// when the processed row carries no batch id.
/// </summary>
public sealed record StrayRow(SourceKind Kind, long RowRef, long? Id, string? Status, string? DateShown, string? PostedBy)
{
    /// <summary>
    /// The violation this row is, or null for a row in a known status that is not posted: such a row
    /// is left alone, as the period's scan leaves it (a PENDING premium has no payment yet).
    /// </summary>
    public SourceViolation? Check(RuleSet rules)
    {
        var statuses = Kind == SourceKind.Premium ? rules.PremiumStatuses : rules.ClaimStatuses;
        if (Status is { } status && statuses.Knows(status) && !statuses.Posts(status))
        {
            return null;
        }

        var (noun, idColumn, dateColumn) = Kind == SourceKind.Premium ? ("premium", "txn_id", "payment_date") : ("claim", "claim_id", "claim_date");
        var record = Id is { } id ? $"{noun} {idColumn} {id}" : $"{noun} row {RowRef} ({idColumn} NULL)";
        return PostedBy is { } batch
            ? new SourceViolation(Kind, record, SourceRule.AlreadyPosted, RedactableText.Of(
                $"{new Known(idColumn)} {Id.GetValueOrDefault()} was already posted by " +
                $"{new Known(batch.Length == 0 ? "a batch that left no batch_id (marked by hand?)" : "batch " + batch)}; " +
                $"this row (row {RowRef}) would post it again"))
            : new SourceViolation(Kind, record, SourceRule.UnreadableDate, DateShown is null
                ? RedactableText.Of($"{new Known(dateColumn)} is NULL: the {new Known(noun)} belongs to no period and no batch would post it")
                : RedactableText.Of($"{new Known(dateColumn)} holds {Classified.Personal(DateShown)}, not a date YYYY-MM-DD: " +
                                    $"the {new Known(noun)} belongs to no period and no batch would post it"));
    }
}
