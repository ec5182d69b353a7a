using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Festa.TestSupport.Http;

/// <summary>What a function answered, as a client would see it.</summary>
public sealed class TestResponse(int status, IHeaderDictionary headers, string body, byte[]? bodyBytes = null)
{
    private readonly Lazy<JsonElement> _json = new(() =>
        body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());

    public int Status { get; } = status;

    public IHeaderDictionary Headers { get; } = headers;

    public string Body { get; } = body;

    /// <summary>The body as sent (binary answers such as posters); <see cref="Body"/> is it decoded as UTF-8.</summary>
    public byte[] BodyBytes { get; } = bodyBytes ?? System.Text.Encoding.UTF8.GetBytes(body);

    public JsonElement Json => _json.Value;

    public string? ContentType => Headers.ContentType.ToString() is { Length: > 0 } value ? value : null;

    public IReadOnlyList<string> SetCookies => Headers.SetCookie.Select(c => c!).ToList();

    /// <summary>The problem type's last segment ("event-full"), or null when this is not a problem.</summary>
    public string? ProblemCode =>
        ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true &&
        Json.TryGetProperty("type", out var type)
            ? type.GetString()!.Split('/')[^1]
            : null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    public override string ToString() => $"{Status} {ContentType} {Body}";
}
