using System.Text.Json.Nodes;

namespace Festa.Infra.Tests;

/// <summary>
/// The ARM JSON that <c>bicep build</c> compiled from main.bicep, with every module's nested template.
/// Values here are literals or unevaluated ARM expressions such as <c>"[parameters('x')]"</c>.
/// </summary>
internal sealed class ArmTemplate(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public JsonObject Parameters => Root["parameters"]!.AsObject();

    /// <summary>Every resource declared anywhere: in main.bicep and, recursively, in its modules.</summary>
    public IReadOnlyList<JsonObject> AllResources { get; } = [.. Flatten(root)];

    public IReadOnlyList<JsonObject> OfType(string type) =>
        [.. AllResources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase))];

    public JsonObject SingleOfType(string type) => Assert.Single(OfType(type));

    /// <summary>The module deployment (Microsoft.Resources/deployments) named <paramref name="name"/>.</summary>
    public JsonObject Module(string name) =>
        Assert.Single(OfType("Microsoft.Resources/deployments"), m => (string?)m["name"] == name);

    /// <summary>An expression without its brackets, e.g. <c>parameters('x')</c> for <c>"[parameters('x')]"</c>.</summary>
    public static string Inner(JsonNode? expression)
    {
        var text = (string?)expression ?? throw new InvalidOperationException("Expected an expression.");
        return text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : $"'{text}'";
    }

    private static IEnumerable<JsonObject> Flatten(JsonObject template)
    {
        // Templates with symbolic names (languageVersion 2.0) keep resources in an object, others in an array.
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
