namespace Festa.Core.Events.Create;

public sealed record CreateEventRequest(
    string? Title,
    string? Description,
    EventCategory? Category,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    int? Capacity,
    LocationInput? Location,
    DateTimeOffset? SignUpOpensAt = null,
    DateTimeOffset? SignUpClosesAt = null,
    int? MaxWaitlist = null);
