using System.Text.Json;
using Microsoft.Extensions.Compliance.Redaction;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Source;
using MonthEnd.Operations.Privacy;

namespace MonthEnd.Operations.Tests.Privacy;

public class RedactingJsonTests
{
    private static readonly IRedactorProvider Redactors = ProductRedactors.Provider;

    private static readonly JsonSerializerOptions Plain = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Profile([property: MaskedData] string Account, [property: PersonalData] string? Email, string Period);

    private sealed record Bad([property: MaskedData] long Account);

    private static readonly object Details = new
    {
        holder = Classified.Masked("3174051203850001"),
        name = (Classified?)Classified.Personal("Budi Santoso"),
        finding = RedactableText.Of($"status {Classified.Personal("budi@example.com")} is not known"),
        profile = new Profile("0012345678", "budi@example.com", "2025-01"),
    };

    [Fact]
    public void classified_values_texts_and_members_are_written_as_the_redactor_shows_them()
    {
        var json = JsonSerializer.Serialize(Details, RedactingJson.With(Plain, Redactors));

        json.ShouldBe(
            """{"holder":"************0001","name":"[redacted]","finding":"status [redacted] is not known","profile":{"account":"******5678","email":"[redacted]","period":"2025-01"}}""");
    }

    [Fact]
    public void without_a_redactor_every_classified_value_is_withheld()
    {
        var json = JsonSerializer.Serialize(Details, RedactingJson.With(Plain, redactors: null));

        json.ShouldNotContain("0001");
        json.ShouldNotContain("5678");
        json.ShouldNotContain("budi", Case.Insensitive);
        json.ShouldContain("\"period\":\"2025-01\"");
    }

    [Fact]
    public void a_source_record_serialized_as_it_is_keeps_its_holder_and_account_masked()
    {
        var record = new PremiumRecord(1, 5, 77, null, null, null, null, null, null, "P", null, null, "PAID", null, "0012345678", "3174051203850001");

        var json = JsonSerializer.Serialize(record, RedactingJson.With(Plain, Redactors));

        json.ShouldContain("\"account_number\":\"******5678\"");
        json.ShouldContain("\"policy_holder_id\":\"************0001\"");
    }

    [Fact]
    public void a_classified_member_that_is_no_text_is_refused_rather_than_written()
    {
        Should.Throw<InvalidOperationException>(() => JsonSerializer.Serialize(new Bad(1234567890), RedactingJson.With(Plain, Redactors)))
            .Message.ShouldContain("cannot be redacted");
    }
}
