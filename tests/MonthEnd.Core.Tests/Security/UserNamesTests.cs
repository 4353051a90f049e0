using MonthEnd.Core.Security;

namespace MonthEnd.Core.Tests.Security;

public sealed class UserNamesTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice", "ALICE")]
    [InlineData("Alice-2_X", "aLICE-2_x")]
    [InlineData("", "")]
    public void names_differing_only_in_the_case_of_ascii_letters_are_the_same_user(string a, string b)
    {
        UserNames.Same(a, b).ShouldBeTrue();
        UserNames.Same(b, a).ShouldBeTrue();
    }

    [Theory]
    [InlineData("Äsa", "äsa")]
    [InlineData("straße", "STRASSE")]
    [InlineData("i", "İ")]
    [InlineData("k", "\u212A")]
    [InlineData("a-b", "a_b")]
    [InlineData("alice", "alice ")]
    [InlineData("[", "{")]
    public void any_other_difference_makes_another_user_as_in_both_stores(string a, string b)
    {
        UserNames.Same(a, b).ShouldBeFalse();
        UserNames.Same(b, a).ShouldBeFalse();
    }
}
