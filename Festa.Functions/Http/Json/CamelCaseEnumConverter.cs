using System.Text.Json;
using System.Text.Json.Serialization;

namespace Festa.Functions.Http.Json;

/// <summary>Enums travel as camelCase names ("host", "eventFull"); numbers are refused.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
