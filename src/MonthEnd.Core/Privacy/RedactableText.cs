using System.Text;
using Microsoft.Extensions.Compliance.Redaction;

namespace MonthEnd.Core.Privacy;

/// <summary>
/// A message with personal data in it, kept apart: the product's own words, and the
/// <see cref="Classified"/> values at their places, so that the host that shows the message decides,
/// through its redactor, how each value shows (<see cref="Render"/>). Written as an interpolated
/// string (<see cref="RedactableTextHandler"/>), which takes numbers, dates, <see cref="Known"/> text
/// and classified values, and refuses a bare string, so that a source value cannot slip in unclassified.
/// </summary>
public sealed class RedactableText : IEquatable<RedactableText>
{
    private readonly string _text;
    private readonly (int At, Classified Value)[] _values;

    internal RedactableText(string text, (int At, Classified Value)[] values)
    {
        _text = text;
        _values = values;
    }

    public static RedactableText Empty { get; } = new("", []);

    /// <summary>The classified values in the message, in order.</summary>
    public IEnumerable<Classified> Values => _values.Select(v => v.Value);

    public static RedactableText Of(RedactableTextHandler text) => text.ToText();

    /// <summary>The message with each value as its redactor shows it.</summary>
    public string Render(IRedactorProvider redactors) => Build(v => v.Redact(redactors));

    /// <summary>The message with every value left out (<see cref="Classified.Withheld"/>): what text made without a redactor may say.</summary>
    public override string ToString() => Build(_ => Classified.Withheld);

    public bool Equals(RedactableText? other) =>
        other is not null && _text == other._text && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as RedactableText);

    public override int GetHashCode() => HashCode.Combine(_text, _values.Length);

    internal void AppendTo(StringBuilder text, List<(int At, Classified Value)> values)
    {
        var offset = text.Length;
        text.Append(_text);
        values.AddRange(_values.Select(v => (v.At + offset, v.Value)));
    }

    private string Build(Func<Classified, string> show)
    {
        if (_values.Length == 0)
        {
            return _text;
        }

        var shown = new StringBuilder(_text.Length + (_values.Length * 16));
        var at = 0;
        foreach (var (position, value) in _values)
        {
            shown.Append(_text, at, position - at).Append(show(value));
            at = position;
        }

        return shown.Append(_text, at, _text.Length - at).ToString();
    }
}
