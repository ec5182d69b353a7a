using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Festa.Functions.Http.Json;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Festa.Functions.Http;

/// <summary>A request body read as JSON: either the value or the problem response to send instead.</summary>
public readonly record struct BodyRead<T>(T? Value, ApiResult? Problem)
    where T : class;

/// <summary>
/// Reads JSON request bodies defensively: the media type must be JSON, the size is capped before
/// anything is parsed, and every parse failure becomes a 4xx problem instead of an exception.
/// </summary>
public sealed class JsonBody(IOptions<HttpOptions> options)
{
    private readonly int _maxBytes = options.Value.MaxJsonBodyBytes;

    public async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return Fail<T>(Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The request body must be JSON.", "Send 'Content-Type: application/json'.", request));
        }

        if (request.ContentLength > _maxBytes)
        {
            return Fail<T>(TooLarge(request));
        }

        var buffer = await ReadCappedAsync(request.Body, cancellationToken);
        if (buffer is null)
        {
            return Fail<T>(TooLarge(request));
        }

        if (buffer.Length == 0)
        {
            return Fail<T>(Required(request));
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer, typeInfo);
            return value is null ? Fail<T>(Required(request)) : new BodyRead<T>(value, null);
        }
        catch (JsonException e)
        {
            // The exception text names .NET types; the client gets the JSON path and position instead.
            var where = e.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            var position = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;
            return Fail<T>(Problems.Create(StatusCodes.Status400BadRequest, "malformed-json", "The request body is not valid for this request.",
                $"Invalid, unknown, duplicate or wrongly typed JSON{where}{position}. {Hint(e)}".TrimEnd(), request));
        }
    }

    private async Task<byte[]?> ReadCappedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var collected = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (collected.Length + read > _maxBytes)
                {
                    return null;
                }

                collected.Write(chunk, 0, read);
            }

            return collected.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        // RFC 9110 §8.3.1: parameter values may be quoted strings; charset="utf-8" is charset=utf-8.
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        var charsetOk = !mediaType.Charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
        return charsetOk && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            (mediaType.Type.Equals("application", StringComparison.OrdinalIgnoreCase) &&
             mediaType.SubType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Our own converters' messages are written for clients; the serializer's are not.</summary>
    private static string Hint(JsonException e) => e is ClientJsonException ? e.Message : string.Empty;

    private static ApiResult TooLarge(HttpRequest request) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.", null, request);

    private static ApiResult Required(HttpRequest request) =>
        Problems.Create(StatusCodes.Status400BadRequest, "body-required", "A JSON object body is required.", null, request);

    private static BodyRead<T> Fail<T>(ApiResult problem)
        where T : class => new(null, problem);
}
