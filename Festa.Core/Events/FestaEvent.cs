using Festa.Core.Members;

namespace Festa.Core.Events;

/// <summary>An event a host published. Seats are counted by the store, next to the sign-ups themselves.</summary>
public sealed record FestaEvent(
    EventId Id,
    UserId HostId,
    string Title,
    string Description,
    EventCategory Category,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Capacity,
    EventLocation Location,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Sign-ups and cancellations are accepted only before the event starts.</summary>
    public bool IsOpenAt(DateTimeOffset now) => now < StartsAt;

    public bool IsHostedBy(UserId member) => HostId == member;
}
