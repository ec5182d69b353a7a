using System.Collections.Frozen;
using System.Text.Json;

namespace Festa.Core.Common;

/// <summary>
/// The one reader and writer of enum values on the wire (bodies, query strings, route values): exactly the
/// documented camelCase names ("concert", "eventFull"). Numbers, comma-separated combinations
/// ("exhibition, festival", which <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/> would OR together),
/// other casings and surrounding spaces are refused.
/// </summary>
public static class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<string, TEnum> ByName =
        Enum.GetValues<TEnum>().ToFrozenDictionary(Name, StringComparer.Ordinal);

    /// <summary>Every accepted name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<TEnum>().Select(Name).ToArray();

    /// <summary>"one of a, b, c" for error messages.</summary>
    public static string Expected { get; } = "must be one of " + string.Join(", ", All) + ".";

    public static string Name(TEnum value) => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static bool TryParse(string? text, out TEnum value)
    {
        value = default;
        return text is not null && ByName.TryGetValue(text, out value);
    }
}
