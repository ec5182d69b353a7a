using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Festa.Core.Common;

namespace Festa.Functions.Http.Json;

/// <summary>
/// Timestamps on the wire are ISO 8601 in UTC ("2026-12-01T18:30:00Z"). Input is read by <see cref="Timestamps"/>:
/// it must state its offset and lie within the documented window.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ClientJsonException("A timestamp must be an ISO 8601 string.");
        }

        return Timestamps.TryParse(reader.GetString(), out var value)
            ? value
            : throw new ClientJsonException("A timestamp " + Timestamps.Expected);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
