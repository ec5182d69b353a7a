using System.Text.Json;

namespace Festa.Functions.Http.Json;

/// <summary>
/// Thrown by Festa's own converters with a message written for clients (the serializer's own messages name .NET
/// types, so <see cref="JsonBody"/> passes only these on in the problem's <c>detail</c>).
/// </summary>
public sealed class ClientJsonException(string message) : JsonException(message);
