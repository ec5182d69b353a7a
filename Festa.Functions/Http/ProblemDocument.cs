using System.Text.Json.Serialization;

namespace Festa.Functions.Http;

/// <summary>An RFC 9457 problem details document, with Festa's extension members.</summary>
public sealed record ProblemDocument(
    [property: JsonPropertyOrder(0)] string Type,
    [property: JsonPropertyOrder(1)] string Title,
    [property: JsonPropertyOrder(2)] int Status,
    [property: JsonPropertyOrder(3)] string? Detail,
    [property: JsonPropertyOrder(4)] string? Instance)
{
    /// <summary>Validation errors: JSON field name → what is wrong with it.</summary>
    [JsonPropertyOrder(5)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Correlates the response with server logs.</summary>
    [JsonPropertyOrder(6)]
    public string? TraceId { get; init; }

    /// <summary>When sign-ups open (<c>signups-not-open</c> only).</summary>
    [JsonPropertyOrder(7)]
    public DateTimeOffset? OpensAt { get; init; }
}
