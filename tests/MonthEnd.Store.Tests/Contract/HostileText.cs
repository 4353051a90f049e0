using System.Text;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// Texts an attacker or a careless hand may send: a store must keep each to the character and never
/// run or reinterpret any of it. Named, so that a theory's case reads as what it tries.
/// </summary>
public static class HostileText
{
    public const string SqlInjection = "'; DROP TABLE app_user; --";

    private static readonly Dictionary<string, string> Named = new()
    {
        ["sql"] = SqlInjection,
        ["sql in double quotes"] = "\"; DELETE FROM approval_request; SELECT \"",
        ["like wildcards"] = "%_%",
        ["backslashes and quotes"] = @"\'\"" \\ \0 $1 @userName",
        ["control characters"] = "tab\tcr\rlf\nbell\u0007esc\u001b[31mdel\u007f",
        ["unicode"] = "Zoë 李雷 👩‍💻 مرحبا \u200b\u202eevil",
        ["longest key"] = new string('k', StoredText.MaxKeyLength - 2) + "👩",
    };

    /// <summary>The names of the hostile values, for theories: [Theory, MemberData(nameof(HostileText.Names), MemberType = typeof(HostileText))].</summary>
    public static TheoryData<string> Names => [.. Named.Keys];

    public static string Value(string name) => Named[name];

    /// <summary>A text of exactly <paramref name="length"/> UTF-16 units, hostile all along (and no surrogate pair cut in two).</summary>
    public static string Long(int length)
    {
        const string piece = "'; DROP TABLE app_user; -- Zoë 👩‍💻\t\u0001";
        var text = new StringBuilder(length);
        while (text.Length + piece.Length <= length)
        {
            text.Append(piece);
        }

        return text.Append('x', length - text.Length).ToString();
    }
}
