using System.Globalization;
using Microsoft.Extensions.Compliance.Redaction;

namespace MonthEnd.Core.Privacy;

/// <summary>
/// The original design's mask_sensitive_data: every character but the last four becomes '*'
/// ('1234567890' → '******7890'); a value of one to four characters is '****' whole, an empty one
/// stays empty (as the base class leaves it). Two
/// bounds the original did not need: at most <see cref="MaxStars"/> stars, so a megabyte in an
/// account column is not a megabyte of stars, and a kept character that could act on a terminal or
/// a log reader (a control or direction character, half a surrogate pair) is masked too.
/// </summary>
public sealed class LastFourRedactor : Redactor
{
    public const int Kept = 4;

    public const int MaxStars = 28;

    public override int GetRedactedLength(ReadOnlySpan<char> input) =>
        input.Length == 0 ? 0 : input.Length <= Kept ? Kept : Math.Min(input.Length - Kept, MaxStars) + Kept;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var length = GetRedactedLength(source);
        if (source.Length <= Kept)
        {
            destination[..length].Fill('*');
            return length;
        }

        var stars = length - Kept;
        destination[..stars].Fill('*');
        var kept = source[^Kept..];
        for (var i = 0; i < Kept; i++)
        {
            destination[stars + i] = Showable(kept[i]) ? kept[i] : '*';
        }

        return length;
    }

    private static bool Showable(char c) =>
        !char.IsControl(c) && !char.IsSurrogate(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format && c is not ('\u2028' or '\u2029');
}
