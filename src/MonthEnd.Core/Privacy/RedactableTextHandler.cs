using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace MonthEnd.Core.Privacy;

/// <summary>
/// Builds a <see cref="RedactableText"/> from an interpolated string. There is deliberately no way in
/// for a bare string: a value is a number or date (a value type), <see cref="Known"/> text of the
/// product's own, a <see cref="Classified"/> value, or another <see cref="RedactableText"/>.
/// </summary>
[InterpolatedStringHandler]
public ref struct RedactableTextHandler
{
    private readonly StringBuilder _text;
    private List<(int At, Classified Value)>? _values;

    public RedactableTextHandler(int literalLength, int formattedCount)
    {
        _text = new StringBuilder(literalLength + (formattedCount * 12));
        _values = null;
    }

    public readonly void AppendLiteral(string text) => _text.Append(text);

    public readonly void AppendFormatted(Known text) => _text.Append(text.Text);

    public void AppendFormatted(Classified value) => (_values ??= []).Add((_text.Length, value));

    public void AppendFormatted(RedactableText text) => text.AppendTo(_text, _values ??= []);

    public readonly void AppendFormatted<T>(T value) where T : struct => AppendFormatted(value, null);

    public readonly void AppendFormatted<T>(T value, string? format) where T : struct =>
        _text.Append(value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value.ToString());

    public readonly RedactableText ToText() => new(_text.ToString(), _values?.ToArray() ?? []);
}
