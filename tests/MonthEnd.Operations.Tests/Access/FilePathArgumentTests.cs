using MonthEnd.Operations.Access;
using Shouldly;
using Xunit;

namespace MonthEnd.Operations.Tests.Access;

/// <summary>Paths on command lines (import FILE, report --out, dry-run --scratch-dir): what is refused before any file is touched, and what is a file name's own business.</summary>
public sealed class FilePathArgumentTests
{
    public static TheoryData<string, string, string> Refused() => new()
    {
        { "blank", "", "must name a file or directory" },
        { "spaces", "   ", "must name a file or directory" },
        { "newline", "report\nerror: forged.csv", "U+000A" },
        { "escape", "\u001b[31mred.csv", "U+001B" },
        { "right-to-left override", "premiums\u202Evsc.csv", "U+202E" },
        { "NUL", "a\0b", "U+0000" },
        { "longer than PATH_MAX", string.Concat(Enumerable.Repeat("a/", 2_049)), "a path has at most 4,096" },
        { "a name longer than NAME_MAX", "dir/" + new string('n', 256) + ".csv", "a file name has at most 255" },
        { "a name of 128 two-byte letters", new string('é', 128), "a file name has at most 255" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void a_path_that_cannot_be_a_plain_file_name_is_refused_naming_the_option(string kind, string path, string says)
    {
        var refused = Should.Throw<InvalidArgumentException>(() => Arguments.FilePath("--out", path), kind);

        refused.Argument.ShouldBe("--out");
        refused.Message.ShouldContain(says);
        refused.Message.ShouldNotContain(path.Length > 3 ? path : "\0", Case.Sensitive, "the path itself is not echoed raw");
    }

    [Theory]
    [InlineData("'; DROP TABLE journal_entry_header; --.csv")]
    [InlineData("٢٠٢٥-٠١.csv")]
    [InlineData("Zoë 李雷 👩‍💻.csv")]
    [InlineData("-5")]
    [InlineData("../reports/january.html")]
    public void sql_other_scripts_and_relative_paths_are_a_file_names_own_business(string path) =>
        Arguments.FilePath("FILE", path).ShouldBe(path);

    [Fact]
    public void a_path_of_exactly_path_max_with_names_of_exactly_name_max_bytes_is_taken()
    {
        var name = new string('n', Arguments.MaxFileNameBytes);
        var path = string.Join('/', Enumerable.Repeat(name, 17))[..Arguments.MaxPathLength];

        Arguments.FilePath("FILE", path).ShouldBe(path);
    }
}

/// <summary>Free text (reasons): a NUL is a control character like any other.</summary>
public sealed class TextArgumentTests
{
    [Theory]
    [InlineData("a\0b", "U+0000")]
    [InlineData("\0", "U+0000")]
    [InlineData("ok\u202E", "U+202E")]
    public void a_reason_with_a_control_character_is_refused_naming_it(string reason, string says) =>
        Should.Throw<InvalidArgumentException>(() => Arguments.Text("--reason", reason)).Message.ShouldContain(says);
}
