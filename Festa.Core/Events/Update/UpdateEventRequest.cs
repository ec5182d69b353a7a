using Festa.Core.Common;

namespace Festa.Core.Events.Update;

/// <summary>A JSON merge patch of an event: absent fields stay as they are; null clears the sign-up window's ends and <c>maxWaitlist</c>.</summary>
public sealed record UpdateEventRequest(
    Optional<string> Title,
    Optional<string> Description,
    Optional<EventCategory> Category,
    Optional<DateTimeOffset> StartsAt,
    Optional<DateTimeOffset> EndsAt,
    Optional<int> Capacity,
    Optional<LocationInput> Location,
    Optional<DateTimeOffset?> SignUpOpensAt = default,
    Optional<DateTimeOffset?> SignUpClosesAt = default,
    Optional<int?> MaxWaitlist = default);
