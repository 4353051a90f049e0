using System.Reflection;
using Microsoft.Extensions.Compliance.Classification;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Tests.Privacy;

public class MonthEndTaxonomyTests
{
    [Fact]
    public void masked_and_personal_are_two_classifications_of_the_monthend_taxonomy()
    {
        MonthEndTaxonomy.Masked.TaxonomyName.ShouldBe(MonthEndTaxonomy.Name);
        MonthEndTaxonomy.Personal.TaxonomyName.ShouldBe(MonthEndTaxonomy.Name);
        MonthEndTaxonomy.Masked.ShouldNotBe(MonthEndTaxonomy.Personal);
        (MonthEndTaxonomy.Masked.Value, MonthEndTaxonomy.Personal.Value).ShouldBe(("Masked", "Personal"));
    }

    [Fact]
    public void the_attributes_carry_their_classification()
    {
        new MaskedDataAttribute().Classification.ShouldBe(MonthEndTaxonomy.Masked);
        new PersonalDataAttribute().Classification.ShouldBe(MonthEndTaxonomy.Personal);
    }

    [Theory]
    [InlineData(typeof(PremiumRecord), nameof(PremiumRecord.AccountNumber))]
    [InlineData(typeof(PremiumRecord), nameof(PremiumRecord.PolicyHolderId))]
    [InlineData(typeof(ClaimRecord), nameof(ClaimRecord.AccountNumber))]
    [InlineData(typeof(ClaimRecord), nameof(ClaimRecord.PolicyHolderId))]
    public void the_account_number_and_the_policy_holder_id_of_a_source_record_are_classified_masked(Type record, string property) =>
        record.GetProperty(property)!.GetCustomAttribute<DataClassificationAttribute>().ShouldNotBeNull().Classification.ShouldBe(MonthEndTaxonomy.Masked);

    [Fact]
    public void a_classified_value_printed_by_mistake_shows_nothing_of_itself()
    {
        var value = Classified.Masked("1234567890");

        value.ToString().ShouldBe(Classified.Withheld);
        $"{value}".ShouldNotContain("7890");
    }
}
