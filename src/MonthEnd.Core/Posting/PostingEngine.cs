using MonthEnd.Core.Accounting;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Posting;

/// <summary>
/// Applies the posting templates to checked source records. Pure: the same record at the same
/// position always gives the same entries with the same numbers.
/// </summary>
public sealed class PostingEngine(RuleSet rules)
{
    public RuleSet Rules { get; } = rules;

    /// <summary>
    /// One entry per premium template, numbered from the partition's range:
    /// the premium at 0-based offset i within its partition takes offsets i×T … i×T+T−1.
    /// </summary>
    public void PostPremium(PremiumTxn premium, long offsetInPartition, SequenceRange range, ICollection<JournalEntry> into)
    {
        var templates = Rules.PremiumTemplates;
        for (var k = 0; k < templates.Count; k++)
        {
            var number = range.At((offsetInPartition * templates.Count) + k);
            into.Add(Post(templates[k], number, premium.PaymentDate, premium.TxnId, RecordAmounts.Of(premium)));
        }
    }

    public JournalEntry PostClaim(ClaimTxn claim, long offsetInPartition, SequenceRange range)
    {
        return Post(RouteOf(claim).Template, range.At(offsetInPartition), claim.ClaimDate, claim.ClaimId, RecordAmounts.Of(claim));
    }

    /// <summary>
    /// What <see cref="PostPremium"/> would stage for the premium with its first entry numbered
    /// <paramref name="firstNumber"/>, as a <see cref="ContentDigest"/>, without building the entries:
    /// the pre-flight adds up what each partition must hold.
    /// </summary>
    public ContentDigest ContentOf(PremiumTxn premium, long firstNumber)
    {
        var digest = ContentDigest.Empty;
        var templates = Rules.PremiumTemplates;
        for (var k = 0; k < templates.Count; k++)
        {
            digest = digest.Add(Content(templates[k], firstNumber + k, premium.PaymentDate, premium.TxnId, RecordAmounts.Of(premium)));
        }

        return digest;
    }

    /// <summary>What <see cref="PostClaim"/> would stage for the claim numbered <paramref name="number"/>, as a <see cref="ContentDigest"/>.</summary>
    public ContentDigest ContentOf(ClaimTxn claim, long number) =>
        Content(RouteOf(claim).Template, number, claim.ClaimDate, claim.ClaimId, RecordAmounts.Of(claim));

    private ClaimRoute RouteOf(ClaimTxn claim) =>
        Rules.ClaimRoutes.TryGetValue(claim.Route.ClaimType, out var route) && route == claim.Route
            ? route
            : throw new InvalidOperationException($"claim {claim.ClaimId} was checked against other rules than version {Rules.Version}");

    private static ContentDigest Content(PostingTemplate template, long number, DateOnly date, long referenceId, RecordAmounts amounts)
    {
        var texts = EntryContent.TextsOf(template);
        var total = Money.Zero;
        var digest = ContentDigest.Empty;
        for (var i = 0; i < template.Lines.Count; i++)
        {
            var t = template.Lines[i];
            var amount = amounts.For(t.Amount);
            var (debit, credit) = t.Side == EntrySide.Debit ? (amount, Money.Zero) : (Money.Zero, amount);
            total += debit;
            digest = digest.Add(EntryContent.Line(texts.Lines[i], number, t.LineNumber, debit, credit));
        }

        // A template is balanced (the rules loader refuses one that is not), so credits equal debits.
        return digest.Add(EntryContent.Header(texts.Header, number, date, referenceId, total, total));
    }

    private static JournalEntry Post(PostingTemplate template, long number, DateOnly date, long referenceId, RecordAmounts amounts)
    {
        var lines = new JournalLine[template.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var t = template.Lines[i];
            var amount = amounts.For(t.Amount);
            lines[i] = t.Side == EntrySide.Debit
                ? new JournalLine(t.LineNumber, t.Account.Code, t.Fund, amount, Money.Zero, t.Memo)
                : new JournalLine(t.LineNumber, t.Account.Code, t.Fund, Money.Zero, amount, t.Memo);
        }

        return new JournalEntry(number, date, template, referenceId, lines);
    }

    /// <summary>
    /// The amounts a record's template lines take, by source column. A struct rather than a lambda
    /// over the record: posting a million premiums made three closures each.
    /// </summary>
    private readonly struct RecordAmounts
    {
        private readonly PremiumTxn? _premium;
        private readonly Money _claim;

        private RecordAmounts(PremiumTxn? premium, Money claim)
        {
            _premium = premium;
            _claim = claim;
        }

        public static RecordAmounts Of(PremiumTxn premium) => new(premium, Money.Zero);

        /// <summary>A claim template posts the claim's amount on every line.</summary>
        public static RecordAmounts Of(ClaimTxn claim) => new(null, claim.Amount);

        public Money For(AmountField field) => _premium is null ? _claim : PremiumAmount(_premium, field);

        private static Money PremiumAmount(PremiumTxn premium, AmountField field) => field switch
        {
            AmountField.PremiumAmount => premium.Premium,
            AmountField.FundTabarru => premium.Allocation.Tabarru,
            AmountField.FundTanahud => premium.Allocation.Tanahud,
            AmountField.FundUjroh => premium.Allocation.Ujroh,
            _ => throw new InvalidOperationException($"a premium template cannot post {field.Code()}"),
        };
    }
}
