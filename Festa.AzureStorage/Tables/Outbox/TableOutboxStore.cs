using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Festa.AzureStorage.Tables.Events;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications.Outbox;

namespace Festa.AzureStorage.Tables.Outbox;

/// <summary>
/// The notification outbox on Table Storage (<see cref="TableOutbox"/> for the rows). Every query is one key range
/// of one partition: the index partition, an event's <c>~outbox.</c> rows, or its <c>signup.</c> rows.
/// </summary>
internal sealed class TableOutboxStore(FestaTables tables) : IOutboxStore
{
    private const int ParallelDeletes = 8;

    public async Task MarkPendingAsync(EventId eventId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await tables.Events.UpsertEntityAsync(TableOutbox.ToIndexRow(eventId, now), TableUpdateMode.Replace, cancellationToken);

    public async IAsyncEnumerable<PendingOutbox> ListPendingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in tables.Events.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableOutbox.IndexPartition}"), cancellationToken: cancellationToken))
        {
            if (EventId.TryParse(row.RowKey, out var id))
            {
                yield return new PendingOutbox(id, row.GetDateTimeOffset("MarkedAt") ?? DateTimeOffset.MinValue, row.ETag.ToString());
            }
        }
    }

    public async Task<IReadOnlyList<OutboxEntry>> ReadAsync(EventId eventId, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        await foreach (var row in tables.Events.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {eventId.Value} and RowKey ge {TableOutbox.EntryPrefix} and RowKey lt {TableOutbox.EntryPrefixEnd}"),
            cancellationToken: cancellationToken))
        {
            entries.Add(TableOutbox.ToEntry(row));
        }

        return entries;
    }

    public async Task<IReadOnlyList<UserId>> ReadSeatsOfDeletedAsync(EventId eventId, int limit, CancellationToken cancellationToken)
    {
        var members = new List<UserId>(limit);
        var guards = new List<TableEntity>();
        await foreach (var row in tables.Events.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {eventId.Value} and RowKey gt {EventRows.SignUpPrefix} and RowKey lt {EventRows.SignUpPrefixEnd}"),
            maxPerPage: limit, select: ["PartitionKey", "RowKey", EventRows.GuardProperty], cancellationToken: cancellationToken))
        {
            if (EventRows.IsGuard(row))
            {
                // A withdrawal's guard: nobody to tell, removed as it is met.
                guards.Add(new TableEntity(row.PartitionKey, row.RowKey) { ETag = ETag.All });
                continue;
            }

            members.Add(EventRows.SignUpMember(row.RowKey));
            if (members.Count == limit)
            {
                break;
            }
        }

        await TableBatches.DeleteAsync(tables.Events, guards, cancellationToken);
        return members;
    }

    public async Task RemoveSeatsOfDeletedAsync(EventId eventId, IReadOnlyList<UserId> members, CancellationToken cancellationToken)
    {
        var rows = members.Select(m => new TableEntity(eventId.Value, EventRows.SignUpKey(m)) { ETag = ETag.All }).ToList();
        await TableBatches.DeleteAsync(tables.Events, rows, cancellationToken);
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = cancellationToken },
            async (member, ct) => await tables.MemberSignups.DeleteEntityAsync(member.Value, eventId.Value, ETag.All, ct));
    }

    /// <summary>Deletes the entry's row (a deletion's sign-up rows are gone by then; its event and pool rows went with the tombstone's write).</summary>
    public async Task CompleteAsync(EventId eventId, OutboxEntry entry, CancellationToken cancellationToken) =>
        await tables.Events.DeleteEntityAsync(eventId.Value, TableOutbox.EntryPrefix + entry.Id, ETag.All, cancellationToken);

    public async Task<bool> TryUnmarkAsync(PendingOutbox pending, CancellationToken cancellationToken)
    {
        try
        {
            var response = await tables.Events.DeleteEntityAsync(TableOutbox.IndexPartition, pending.EventId.Value, new ETag(pending.Version), cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }
}
