using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Notifications.Outbox;

namespace Festa.AzureStorage.Tables.Outbox;

/// <summary>
/// How the notification outbox maps to rows of the <c>Events</c> table (docs/data-model.md): entries are rows
/// <c>~outbox.{entry id}</c> in the event's partition (after every other row key there, so no existing key range reads
/// them), and the pending index is the partition <c>~outbox</c> with one row per event (RowKey = event id).
/// </summary>
public static class TableOutbox
{
    public const string EntryPrefix = "~outbox.";
    public const string EntryPrefixEnd = "~outbox/";
    public const string IndexPartition = "~outbox";

    /// <summary>
    /// The entry as an upsert for the entity-group transaction that makes the change (same partition: the event's).
    /// Upsert, so a retried write of the same entry (same id) is no conflict.
    /// </summary>
    public static TableTransactionAction Upsert(EventId eventId, OutboxEntry entry) =>
        new(TableTransactionActionType.UpsertReplace, ToRow(eventId, entry));

    internal static TableEntity ToRow(EventId eventId, OutboxEntry entry) =>
        new(eventId.Value, EntryPrefix + entry.Id) { ["Entry"] = entry.ToJson() };

    internal static OutboxEntry ToEntry(TableEntity row) => OutboxEntry.FromJson(row.GetString("Entry"));

    internal static TableEntity ToIndexRow(EventId eventId, DateTimeOffset now) => new(IndexPartition, eventId.Value) { ["MarkedAt"] = now };
}
