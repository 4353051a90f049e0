using MonthEnd.Core.Privacy;

namespace MonthEnd.Core.Tests.Privacy;

public class LastFourRedactorTests
{
    private static readonly LastFourRedactor Redactor = new();

    [Theory]
    [InlineData("1234567890", "******7890")]
    [InlineData("3174051203850001", "************0001")]
    [InlineData("PH00417752", "******7752")]
    [InlineData("12345", "*2345")]
    public void every_character_but_the_last_four_becomes_a_star_as_in_the_original_designs_mask(string value, string masked) =>
        Redactor.Redact(value).ShouldBe(masked);

    [Theory]
    [InlineData("1234")]
    [InlineData("12")]
    public void a_value_of_four_characters_or_fewer_is_masked_whole(string value) =>
        Redactor.Redact(value).ShouldBe("****");

    [Fact]
    public void an_empty_value_has_nothing_to_mask() => Redactor.Redact("").ShouldBe("");

    [Fact]
    public void a_very_long_value_is_masked_to_a_bounded_length()
    {
        var masked = Redactor.Redact(new string('9', 10_000) + "1234");

        masked.ShouldBe(new string('*', LastFourRedactor.MaxStars) + "1234");
    }

    [Theory]
    [InlineData("12345678\u001b[2J", "*********[2J")]
    [InlineData("1234567\u202E890", "********890")]
    [InlineData("12345\r\n67", "*******67")]
    public void a_kept_character_that_could_act_on_a_terminal_is_masked_too(string value, string masked) =>
        Redactor.Redact(value).ShouldBe(masked);

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1234")]
    [InlineData("12345")]
    [InlineData("1234567890123456")]
    public void the_redacted_length_it_announces_is_the_length_it_writes(string value) =>
        Redactor.Redact(value).Length.ShouldBe(Redactor.GetRedactedLength(value));
}
