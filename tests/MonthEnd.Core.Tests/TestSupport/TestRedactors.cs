using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using MonthEnd.Core.Privacy;

namespace MonthEnd.Core.Tests.TestSupport;

/// <summary>The product's policy without its DI: Masked shows the last four, anything else nothing (the operations layer registers the same).</summary>
public sealed class TestRedactors : IRedactorProvider
{
    public static readonly TestRedactors Instance = new();

    private static readonly Redactor LastFour = new LastFourRedactor();
    private static readonly Redactor Nothing = new Erasing();

    public Redactor GetRedactor(DataClassificationSet classifications) =>
        classifications.Equals(new DataClassificationSet(MonthEndTaxonomy.Masked)) ? LastFour : Nothing;

    private sealed class Erasing : Redactor
    {
        public override int GetRedactedLength(ReadOnlySpan<char> input) => 0;

        public override int Redact(ReadOnlySpan<char> source, Span<char> destination) => 0;
    }
}
