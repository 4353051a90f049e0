using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using MonthEnd.Core.Privacy;

namespace MonthEnd.Operations.Tests.Privacy;

public class RedactionPolicyTests
{
    private static readonly IRedactorProvider Redactors = ProductRedactors.Provider;

    [Fact]
    public void masked_data_shows_its_last_four_characters()
    {
        Redactors.GetRedactor(MonthEndTaxonomy.Masked).Redact("3174051203850001").ShouldBe("************0001");
        Classified.Masked("0012345678").Redact(Redactors).ShouldBe("******5678");
    }

    [Fact]
    public void personal_data_shows_nothing()
    {
        Redactors.GetRedactor(MonthEndTaxonomy.Personal).Redact("budi@example.com").ShouldBeEmpty();
        Classified.Personal("Budi Santoso").Redact(Redactors).ShouldBe(Classified.Withheld);
    }

    [Fact]
    public void data_of_a_classification_nobody_mapped_shows_nothing()
    {
        Redactors.GetRedactor(new DataClassification("Elsewhere", "Secret")).Redact("+62 812 3456 7890").ShouldBeEmpty();
        Redactors.GetRedactor(DataClassification.Unknown).Redact("Jl. Sudirman 1").ShouldBeEmpty();
    }
}
