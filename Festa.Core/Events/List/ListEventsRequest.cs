namespace Festa.Core.Events.List;

/// <summary>The query string of an event listing, as sent; every part optional.</summary>
public sealed record ListEventsRequest(
    string? Category = null,
    string? City = null,
    string? District = null,
    string? From = null,
    string? To = null,
    string? Limit = null,
    string? Cursor = null);
