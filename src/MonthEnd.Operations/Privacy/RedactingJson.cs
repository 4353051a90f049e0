using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using MonthEnd.Core.Privacy;

namespace MonthEnd.Operations.Privacy;

/// <summary>
/// JSON that never holds personal data as it is: a <see cref="Classified"/> value, a
/// <see cref="RedactableText"/> and a string member marked with a data classification (e.g.
/// <see cref="MaskedDataAttribute"/>) are written as the redactor shows them. Without a redactor
/// (null) each is written as <see cref="Classified.Withheld"/>: a value that reaches such JSON by
/// mistake stays hidden instead of being serialized field by field.
/// </summary>
public static class RedactingJson
{
    public static JsonSerializerOptions With(JsonSerializerOptions options, IRedactorProvider? redactors)
    {
        var redacting = new JsonSerializerOptions(options);
        redacting.Converters.Add(new ClassifiedConverter(redactors));
        redacting.Converters.Add(new TextConverter(redactors));
        redacting.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(type => RedactClassifiedStrings(type, redactors));
        return redacting;
    }

    private static void RedactClassifiedStrings(JsonTypeInfo type, IRedactorProvider? redactors)
    {
        foreach (var property in type.Properties)
        {
            var classified = property.AttributeProvider?.GetCustomAttributes(typeof(DataClassificationAttribute), inherit: true);
            if (classified is [DataClassificationAttribute attribute, ..])
            {
                property.CustomConverter = property.PropertyType == typeof(string)
                    ? new ClassifiedStringConverter(attribute.Classification, redactors)
                    : throw new InvalidOperationException($"{type.Type.Name}.{property.Name} is classified but not a string: it cannot be redacted");
            }
        }
    }

    private static string Show(Classified value, IRedactorProvider? redactors) => redactors is null ? Classified.Withheld : value.Redact(redactors);

    private sealed class ClassifiedConverter(IRedactorProvider? redactors) : JsonConverter<Classified>
    {
        public override Classified Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("redacted values are written, never read back");

        public override void Write(Utf8JsonWriter writer, Classified value, JsonSerializerOptions options) => writer.WriteStringValue(Show(value, redactors));
    }

    private sealed class TextConverter(IRedactorProvider? redactors) : JsonConverter<RedactableText>
    {
        public override RedactableText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("redacted text is written, never read back");

        public override void Write(Utf8JsonWriter writer, RedactableText value, JsonSerializerOptions options) =>
            writer.WriteStringValue(redactors is null ? value.ToString() : value.Render(redactors));
    }

    private sealed class ClassifiedStringConverter(DataClassification classification, IRedactorProvider? redactors) : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("redacted values are written, never read back");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Show(new Classified(value, classification), redactors));
    }
}
