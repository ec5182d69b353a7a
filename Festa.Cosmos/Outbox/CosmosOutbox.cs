using Festa.Core.Events;
using Festa.Core.Notifications.Outbox;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Outbox;

/// <summary>
/// How the notification outbox maps to documents of the <c>events</c> container (docs/data-model.md): a change's entry
/// is a value of the event document's <c>outbox</c> map (written by the same replace as the change), a deletion's is the
/// event document's <c>deletion</c> (set by the same patch that marks it <c>deleting</c>), and an entry written by a seat
/// batch (a <c>promoted</c> notice) is a document <c>outbox.{entry id}</c> in the event's partition. The pending index is
/// the partition <c>~outbox</c>, one document per event (id = event id).
/// </summary>
public static class CosmosOutbox
{
    public const string IndexPartition = "~outbox";
    public const string DocumentPrefix = "outbox.";
    public const string EntryKind = "outbox";

    /// <summary>Adds the entry as a document to a transactional batch of the event's partition (upsert: a retry is no conflict).</summary>
    public static TransactionalBatch Upsert(TransactionalBatch batch, EventId eventId, OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.UpsertItem(OutboxDocument.From(eventId, entry));
    }
}

/// <summary>An outbox entry as its own document in the event's partition; <c>entry</c> is its JSON.</summary>
internal sealed record OutboxDocument(string Id, string Pk, string Kind, string Entry)
{
    public static OutboxDocument From(EventId eventId, OutboxEntry entry) =>
        new(CosmosOutbox.DocumentPrefix + entry.Id, eventId.Value, CosmosOutbox.EntryKind, entry.ToJson());
}

/// <summary>The pending index: one per event with entries that may be undelivered.</summary>
internal sealed record OutboxIndexDocument(string Id, string Pk, string Kind, DateTimeOffset MarkedAt)
{
    public static OutboxIndexDocument From(EventId eventId, DateTimeOffset now) => new(eventId.Value, CosmosOutbox.IndexPartition, "outbox-index", now);
}
