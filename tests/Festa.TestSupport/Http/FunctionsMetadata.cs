using System.Text.Json;

namespace Festa.TestSupport.Http;

/// <summary>One HTTP-triggered function as the Worker SDK's generated functions.metadata describes it.</summary>
public sealed record HttpFunctionMetadata(string Name, string EntryPoint, IReadOnlyList<string> Methods, string Route, string AuthLevel);

/// <summary>A non-HTTP trigger (timer, queue) from functions.metadata.</summary>
public sealed record TriggerMetadata(string Name, string EntryPoint, string Type, JsonElement Binding);

/// <summary>Reads the functions.metadata file that the build generates next to Festa.Functions.dll.</summary>
public static class FunctionsMetadata
{
    private static readonly Lazy<JsonElement> Document = new(() =>
    {
        var path = Path.Combine(RepositoryPaths.FunctionsOutput, "functions.metadata");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
    });

    public static IReadOnlyList<HttpFunctionMetadata> HttpFunctions { get; } = ReadHttp();

    public static IReadOnlyList<TriggerMetadata> Triggers { get; } = ReadTriggers();

    /// <summary>The route prefix the host puts in front of every HTTP route (host.json).</summary>
    public static string RoutePrefix { get; } = ReadRoutePrefix();

    private static List<HttpFunctionMetadata> ReadHttp() =>
        Document.Value.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => new HttpFunctionMetadata(
                    f.GetProperty("name").GetString()!,
                    f.GetProperty("entryPoint").GetString()!,
                    b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList(),
                    b.GetProperty("route").GetString()!,
                    b.GetProperty("authLevel").GetString()!)))
            .ToList();

    private static List<TriggerMetadata> ReadTriggers() =>
        Document.Value.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("direction").GetString() == "In" &&
                            b.GetProperty("type").GetString() is { } type && type.EndsWith("Trigger", StringComparison.Ordinal) &&
                            type != "httpTrigger")
                .Select(b => new TriggerMetadata(f.GetProperty("name").GetString()!, f.GetProperty("entryPoint").GetString()!,
                    b.GetProperty("type").GetString()!, b.Clone())))
            .ToList();

    private static string ReadRoutePrefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.FunctionsOutput, "host.json")));
        return host.RootElement.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("http", out var http) &&
               http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString() ?? "api"
            : "api";
    }
}
