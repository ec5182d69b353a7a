using Festa.Core.Events;
using Festa.Core.Members;

namespace Festa.Core.Notifications.Outbox;

/// <summary>An event with outbox entries that may not have been delivered yet, as the pending index lists it.</summary>
/// <param name="MarkedAt">When a writer last announced an entry for the event (its clock).</param>
/// <param name="Version">The index entry's ETag, for <see cref="IOutboxStore.TryUnmarkAsync"/>.</param>
public sealed record PendingOutbox(EventId EventId, DateTimeOffset MarkedAt, string Version);

/// <summary>
/// The store side of the notification outbox (docs/concurrency.md, "Notifications: the outbox"; docs/data-model.md).
/// Entries live in the event's own partition (Table rows <c>~outbox.{id}</c>; Cosmos: the event document's <c>outbox</c>
/// map, its <c>deletion</c>, or <c>outbox.{id}</c> documents written in a seat batch), written by the same store write as
/// the change they announce. A small index (partition <c>~outbox</c>: one entry per event) lets the dispatcher find
/// them without a scan.
/// <para>
/// <b>Contract for a writer</b> (the event store's update and delete; a seat batch recording a <c>promoted</c> notice):
/// (1) call <see cref="MarkPendingAsync"/> for the event <i>before</i> the write (an idempotent upsert: if the write then
/// fails, the index entry only costs the dispatcher one read); (2) put the entry into the same all-or-nothing write as the
/// change — Table: <c>TableOutbox.Upsert(eventId, entry)</c> in the entity-group transaction; Cosmos: <c>CosmosOutbox.Upsert(batch,
/// entry)</c> in the transactional batch; (3) after it commits, call <see cref="OutboxDispatcher.TryDispatchAsync"/> for the
/// immediate attempt. The entry is then delivered at least once and, by its id, noticed exactly once.
/// </para>
/// </summary>
public interface IOutboxStore
{
    /// <summary>Upserts the event's index entry with <paramref name="now"/> (a new version each time). Call before writing an entry.</summary>
    Task MarkPendingAsync(EventId eventId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every index entry: one partition read (Table: one key range; Cosmos: one single-partition query), paged by the SDK.</summary>
    IAsyncEnumerable<PendingOutbox> ListPendingAsync(CancellationToken cancellationToken);

    /// <summary>The event's undelivered entries (Table: one key range; Cosmos: one point read and one single-partition query).</summary>
    Task<IReadOnlyList<OutboxEntry>> ReadAsync(EventId eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> members who still hold a sign-up record of a deleted event (the event must carry its
    /// <see cref="OutboxEntryKind.EventDeleted"/> entry: no sign-up can commit any more, so these are final).
    /// </summary>
    Task<IReadOnlyList<UserId>> ReadSeatsOfDeletedAsync(EventId eventId, int limit, CancellationToken cancellationToken);

    /// <summary>Removes those members' sign-up records (and, where the store keeps them, their "my sign-ups" hints). Idempotent.</summary>
    Task RemoveSeatsOfDeletedAsync(EventId eventId, IReadOnlyList<UserId> members, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a delivered entry. Idempotent. For <see cref="OutboxEntryKind.EventDeleted"/> call it only once
    /// <see cref="ReadSeatsOfDeletedAsync"/> finds no seat: it removes what is left of the event (Cosmos: the event document).
    /// </summary>
    Task CompleteAsync(EventId eventId, OutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the index entry if it is still at <see cref="PendingOutbox.Version"/> (If-Match). False when it changed or is gone.</summary>
    Task<bool> TryUnmarkAsync(PendingOutbox pending, CancellationToken cancellationToken);
}
