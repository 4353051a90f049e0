using MonthEnd.Core.Accounting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Privacy;

public class RedactableTextTests
{
    private static RedactableText Sample() =>
        RedactableText.Of($"account {Classified.Masked("1234567890")} of {Classified.Personal("budi@example.com")}: {new Money(12_345)} IDR, {new Known("PAID")}");

    [Fact]
    public void text_made_without_a_redactor_withholds_every_classified_value()
    {
        Sample().ToString().ShouldBe("account [redacted] of [redacted]: 123.45 IDR, PAID");
    }

    [Fact]
    public void rendered_through_a_redactor_each_value_shows_as_its_classification_allows()
    {
        Sample().Render(TestRedactors.Instance).ShouldBe("account ******7890 of [redacted]: 123.45 IDR, PAID");
    }

    [Fact]
    public void the_classified_values_are_kept_in_order_with_their_classifications()
    {
        Sample().Values.ShouldBe([Classified.Masked("1234567890"), Classified.Personal("budi@example.com")]);
    }

    [Fact]
    public void a_text_within_a_text_keeps_its_values_at_their_places()
    {
        var inner = RedactableText.Of($"holder {Classified.Masked("3174051203850001")}");

        var outer = RedactableText.Of($"{inner}; status {Classified.Personal("Budi Santoso")} unknown");

        outer.Render(TestRedactors.Instance).ShouldBe("holder ************0001; status [redacted] unknown");
        outer.Values.Count().ShouldBe(2);
    }

    [Fact]
    public void texts_with_the_same_words_and_values_are_equal()
    {
        Sample().ShouldBe(Sample());
        RedactableText.Of($"status {Classified.Personal("a")}").ShouldNotBe(RedactableText.Of($"status {Classified.Personal("b")}"));
    }
}
