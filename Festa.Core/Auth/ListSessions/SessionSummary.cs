namespace Festa.Core.Auth.ListSessions;

/// <summary>One of my sessions as I see it in a list: never the token.</summary>
public sealed record SessionSummary(
    string Id,
    bool Current,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    string? UserAgent);
