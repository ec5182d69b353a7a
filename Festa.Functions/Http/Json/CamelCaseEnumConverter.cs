using System.Text.Json;
using System.Text.Json.Serialization;
using Festa.Core.Common;

namespace Festa.Functions.Http.Json;

/// <summary>
/// Enums travel as their documented camelCase names ("host", "eventFull"), read by <see cref="EnumNames{TEnum}"/>:
/// numbers, other casings and comma-separated combinations are refused (the framework's
/// <see cref="JsonStringEnumConverter"/> would accept "exhibition, festival" as a flags combination).
/// </summary>
public sealed class CamelCaseEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && EnumNames<TEnum>.TryParse(reader.GetString(), out var value))
        {
            return value;
        }

        throw new ClientJsonException($"This field {EnumNames<TEnum>.Expected}");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(EnumNames<TEnum>.Name(value));
}
