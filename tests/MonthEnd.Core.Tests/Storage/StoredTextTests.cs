using MonthEnd.Core.Storage;

namespace MonthEnd.Core.Tests.Storage;

public sealed class StoredTextTests
{
    [Fact]
    public void a_key_has_1_to_256_characters_and_no_u0000()
    {
        StoredText.IsKey("a").ShouldBeTrue();
        StoredText.IsKey(new string('k', StoredText.MaxKeyLength)).ShouldBeTrue();
        StoredText.IsKey("'; DROP TABLE app_user; --").ShouldBeTrue();

        StoredText.IsKey(null).ShouldBeFalse();
        StoredText.IsKey("").ShouldBeFalse();
        StoredText.IsKey(new string('k', StoredText.MaxKeyLength + 1)).ShouldBeFalse();
        StoredText.IsKey("a\0b").ShouldBeFalse();
        Should.Throw<ArgumentException>(() => StoredText.Key("a\0b", "a user name")).Message.ShouldStartWith("a user name must have 1 to 256 characters");
    }

    [Fact]
    public void any_text_is_kept_but_one_holding_u0000()
    {
        StoredText.Text(null, "x").ShouldBeNull();
        StoredText.Text(new string('x', 10_000) + "\u0001\n", "x").ShouldNotBeNull();
        Should.Throw<ArgumentException>(() => StoredText.Text("a\0", "an outcome")).Message.ShouldContain("U+0000");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" [1, \"a\"] ")]
    [InlineData("\"text\"")]
    [InlineData("{\"nul\": \"\\u0000\"}")]
    public void a_json_subject_is_kept_as_written(string json) =>
        StoredText.Json(json, "a subject").ShouldBeSameAs(json);

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{'a': 1}")]
    [InlineData("[1,]")]
    public void text_that_is_not_json_is_refused(string text) =>
        Should.Throw<ArgumentException>(() => StoredText.Json(text, "a subject")).Message.ShouldStartWith("a subject is not JSON");
}
