using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Routing;

/// <summary>
/// Festa's HTTP routes and their methods, read once from the functions' own <see cref="HttpTriggerAttribute"/>s (the
/// same source the Worker SDK generates functions.metadata from), so <c>Allow</c> can never disagree with the routes.
/// </summary>
public static class RouteTable
{
    private static readonly Lazy<IReadOnlyList<(string[] Segments, FrozenSet<string> Methods)>> Routes = new(Read);

    /// <summary>
    /// The methods the route matching <paramref name="path"/> (without the "/api/" prefix) allows, upper case and
    /// sorted, or null when no route matches. Matching is by segments, a <c>{parameter}</c> matching any one
    /// non-empty segment, as the host's router does.
    /// </summary>
    public static IReadOnlyList<string>? AllowedMethods(string path)
    {
        var segments = path.Trim('/').Split('/');
        var methods = Routes.Value.Where(r => Matches(r.Segments, segments)).SelectMany(r => r.Methods).ToHashSet(StringComparer.Ordinal);
        return methods.Count == 0 ? null : methods.Order(StringComparer.Ordinal).ToList();
    }

    private static bool Matches(string[] template, string[] segments) =>
        template.Length == segments.Length && template.Zip(segments).All(pair =>
            pair.First.StartsWith('{') ? pair.Second.Length > 0 : string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase));

    private static List<(string[], FrozenSet<string>)> Read() =>
        typeof(RouteTable).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .Where(t => t.Route is { } route && !route.Contains('*', StringComparison.Ordinal))
            .Select(t => (t.Route!.Trim('/').Split('/'), (t.Methods ?? []).Select(m => m.ToUpperInvariant()).ToFrozenSet(StringComparer.Ordinal)))
            .ToList();
}
