using Festa.Core.Members;
using Festa.Core.Notifications.Outbox;

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

    /// <summary>
    /// Writes new details (and a new capacity, which must be ≥ the snapshot's seats taken) if nothing changed since
    /// <paramref name="basis"/>. A <paramref name="notice"/> is recorded in the event's outbox by the same write
    /// (<see cref="IOutboxStore"/>): written with the change or not at all.
    /// </summary>
    Task<UpdateEventOutcome> UpdateAsync(FestaEvent updated, EventSnapshot basis, OutboxEntry? notice, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the event and its seats from every listing, and records <paramref name="notice"/> (an
    /// <see cref="OutboxEntryKind.EventDeleted"/> entry) in the same write that closes the event to sign-ups. The sign-up
    /// records stay as the notice's recipients until the outbox dispatcher has queued them (then it removes them). Idempotent.
    /// </summary>
    Task DeleteAsync(FestaEvent doomed, OutboxEntry notice, CancellationToken cancellationToken);

    Task<StorePage<FestaEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken);
}
