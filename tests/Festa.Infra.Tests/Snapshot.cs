using System.Text.Json.Nodes;

namespace Festa.Infra.Tests;

/// <summary>
/// What <c>bicep snapshot</c> predicts one deployment of main.bicep creates for a parameter file: the
/// compiled template evaluated offline for a fixed subscription and resource group. Conditions,
/// loops, names and parameters are resolved; values known only in Azure (an identity's client id,
/// an account's endpoints) remain <c>reference()</c> expressions.
/// </summary>
internal sealed class Snapshot(JsonObject root)
{
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000f357";
    public const string ResourceGroup = "rg-festa";
    public const string Location = "swedencentral";

    public IReadOnlyList<JsonObject> Resources { get; } = [.. root["predictedResources"]!.AsArray().Select(r => r!.AsObject())];

    public JsonArray Diagnostics => root["diagnostics"]!.AsArray();

    public JsonObject Outputs => root["outputs"]!.AsObject();

    public IReadOnlyList<JsonObject> OfType(string type) =>
        [.. Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase))];

    public JsonObject SingleOfType(string type) => Assert.Single(OfType(type));

    public string IdOf(string type) => (string)SingleOfType(type)["id"]!;

    /// <summary>The app settings of the function app, name to value.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        SingleOfType("Microsoft.Web/sites/config")["properties"]!.AsObject()
            .ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal);

    /// <summary>The expression that reads the managed identity's <paramref name="property"/> at deployment.</summary>
    public string IdentityReference(string property)
    {
        var identity = SingleOfType("Microsoft.ManagedIdentity/userAssignedIdentities");
        return $"reference('{identity["id"]}', '{identity["apiVersion"]}').{property}";
    }

    /// <summary>The resource a role assignment applies to, from its (possibly unevaluated) id.</summary>
    public static string ScopeOf(JsonObject roleAssignment)
    {
        var id = (string)roleAssignment["id"]!;
        const string extension = "[extensionResourceId('";
        return id.StartsWith(extension, StringComparison.Ordinal)
            ? id[extension.Length..id.IndexOf('\'', extension.Length)]
            : id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase)];
    }
}
