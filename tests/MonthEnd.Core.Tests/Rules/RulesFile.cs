using System.Text.Json.Nodes;
using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Tests.Rules;

/// <summary>Edits of the built-in rules file, to build broken (or varied) rules files.</summary>
internal static class RulesFile
{
    public const string Origin = "test";

    public static JsonObject Default() => JsonNode.Parse(RuleSetLoader.DefaultContent())!.AsObject();

    public static string Edited(Action<JsonObject> edit)
    {
        var root = Default();
        edit(root);
        return root.ToJsonString();
    }

    public static RuleSet Load(Action<JsonObject> edit) => RuleSetLoader.Parse(Edited(edit), Origin);

    public static RuleSetException Refuse(Action<JsonObject> edit) =>
        Should.Throw<RuleSetException>(() => RuleSetLoader.Parse(Edited(edit), Origin));

    public static RuleSetException RefuseText(string content) =>
        Should.Throw<RuleSetException>(() => RuleSetLoader.Parse(content, Origin));

    public static JsonArray Templates(JsonObject root) => root["templates"]!.AsArray();

    public static JsonObject Template(JsonObject root, string code) =>
        Templates(root).Single(t => (string?)t!["code"] == code)!.AsObject();

    public static JsonObject Line(JsonObject root, string template, int lineNumber) =>
        Template(root, template)["lines"]!.AsArray()[lineNumber - 1]!.AsObject();

    public static JsonObject Account(JsonObject root, string code) =>
        root["chartOfAccounts"]!["accounts"]!.AsArray().Single(a => (string?)a!["code"] == code)!.AsObject();

    public static JsonObject Product(JsonObject root) => root["products"]!.AsArray()[0]!.AsObject();

    /// <summary>The default rules with a second product that splits like the first.</summary>
    public static RuleSet WithSecondProduct(string code) => Load(root =>
    {
        var copy = Product(root).DeepClone().AsObject();
        copy["code"] = code;
        root["products"]!.AsArray().Add(copy);
    });
}
