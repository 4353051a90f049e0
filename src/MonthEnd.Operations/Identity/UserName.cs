using System.Text.RegularExpressions;

namespace MonthEnd.Operations.Identity;

/// <summary>What a user name may be: it shows in the trail, in logs and on screens, so plain and short.</summary>
public static partial class UserName
{
    public const int MaxLength = 64;

    public static string Validate(string? name, string argument = "user name")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new Access.InvalidArgumentException(argument, "is empty");
        }

        if (name.Length > MaxLength || !Allowed().IsMatch(name))
        {
            throw new Access.InvalidArgumentException(argument,
                $"{Core.Text.Shown.Quote(name)} is not a user name: use 1 to {MaxLength} letters a-z, digits, '.', '_', '-' or '@', starting with a letter or digit");
        }

        return name;
    }

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && Allowed().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
