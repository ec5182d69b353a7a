using Festa.Core.Members;

namespace Festa.Core.Events;

public enum CreateEventOutcome
{
    Created,

    /// <summary>The host already has an event with this title at this start.</summary>
    Duplicate,
}

public enum UpdateEventOutcome
{
    Updated,

    /// <summary>The event (or its seat count) changed since the snapshot; read again and retry.</summary>
    Stale,
    Duplicate,
    NotFound,
}

/// <summary>Upcoming events, filtered, in start-time order, continuing after a store key.</summary>
public sealed record EventQuery(
    EventCategory? Category,
    string? City,
    string? District,
    DateTimeOffset From,
    DateTimeOffset? To,
    int Limit,
    string? After);

/// <summary>Events, their seat counts and the listing that finds them.</summary>
public interface IEventStore
{
    Task<CreateEventOutcome> CreateAsync(FestaEvent newEvent, CancellationToken cancellationToken);

    /// <summary>One read: the event, seats taken, and whether <paramref name="viewer"/> holds a seat.</summary>
    Task<EventSnapshot?> FindAsync(EventId id, UserId? viewer, CancellationToken cancellationToken);

    /// <summary>Writes new details (and a new capacity, which must be ≥ the snapshot's seats taken) if nothing changed since <paramref name="basis"/>.</summary>
    Task<UpdateEventOutcome> UpdateAsync(FestaEvent updated, EventSnapshot basis, CancellationToken cancellationToken);

    /// <summary>Removes the event, its seats and every sign-up, from every listing. Idempotent.</summary>
    Task DeleteAsync(FestaEvent doomed, CancellationToken cancellationToken);

    Task<StorePage<FestaEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken);
}
