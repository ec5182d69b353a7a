using System.Text.Json;
using System.Text.Json.Serialization;
using Festa.Core.Common;

namespace Festa.Functions.Http.Json;

/// <summary>Reads JSON merge-patch fields: absent stays <see cref="Optional{T}.Unset"/>, null is "set to null".</summary>
public sealed class OptionalConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalConverter<T> : JsonConverter<Optional<T>>
    {
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.Null)
            {
                return Optional<T>.Of((T?)JsonSerializer.Deserialize(ref reader, options.GetTypeInfo(typeof(T))));
            }

            // Only reference-typed fields can be cleared; a null number or enum is malformed, not "zero".
            return default(T) is null ? Optional<T>.Of(default) : throw new ClientJsonException("This field cannot be null.");
        }

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options.GetTypeInfo(typeof(T)));
    }
}
