using System.Text.Json;
using System.Text.Json.Serialization;

namespace Festa.Cosmos;

/// <summary>How Festa's documents look as JSON: camelCase, ISO-8601 timestamps, nulls written.</summary>
internal static class CosmosJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static T To<T>(this JsonElement element) =>
        element.Deserialize<T>(Options) ?? throw new JsonException($"Document is not a {typeof(T).Name}.");

    public static string Id(this JsonElement element) => element.GetProperty("id").GetString()!;

    /// <summary>The document's version, for conditional writes.</summary>
    public static string ETag(this JsonElement element) => element.GetProperty("_etag").GetString()!;

    /// <summary>When the document was last written (seconds since the epoch, server time).</summary>
    public static DateTimeOffset WrittenAt(this JsonElement element) =>
        DateTimeOffset.FromUnixTimeSeconds(element.GetProperty("_ts").GetInt64());
}
