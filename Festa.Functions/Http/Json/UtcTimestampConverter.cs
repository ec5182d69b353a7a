using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Festa.Functions.Http.Json;

/// <summary>
/// Timestamps on the wire are ISO 8601 in UTC ("2026-12-01T18:30:00Z"). Input must state its offset:
/// a bare local time is ambiguous, so it is refused rather than guessed.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A timestamp must be an ISO 8601 string.");
        }

        var text = reader.GetString()!;
        if (!HasExplicitOffset(text) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value))
        {
            throw new JsonException("A timestamp must be ISO 8601 with 'Z' or an offset, e.g. 2026-12-01T18:30:00Z.");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    private static bool HasExplicitOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.Ordinal);
        if (time < 0 || text.Length > 40)
        {
            return false;
        }

        var tail = text.AsSpan(time);
        return tail.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || tail.LastIndexOfAny('+', '-') > 0;
    }
}
