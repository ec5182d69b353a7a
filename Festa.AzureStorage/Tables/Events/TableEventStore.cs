using Azure;
using Azure.Data.Tables;
using Festa.Core.Common;
using Festa.Core.Events;
using Festa.AzureStorage.Tables.Outbox;
using Festa.Core.Members;
using Festa.Core.Notifications.Outbox;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>
/// Events on Table Storage: details and seat pools in the event's own partition (written and deleted
/// together in one batch), a copy in the month-partitioned listing, and a title claim per host. A change's notice is an
/// outbox row in the same batch (<see cref="TableOutbox"/>), announced in the pending index first.
/// </summary>
internal sealed class TableEventStore(FestaTables tables, TimeProvider time) : IEventStore
{
    /// <summary>Reads of event and pools before a deletion gives up under a sign-up storm (the request fails; a retried DELETE resumes).</summary>
    private const int MaxDeleteAttempts = 20;

    public async Task<CreateEventOutcome> CreateAsync(FestaEvent newEvent, CancellationToken cancellationToken)
    {
        if (!await TryClaimTitleAsync(newEvent, cancellationToken))
        {
            return CreateEventOutcome.Duplicate;
        }

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, EventRows.ToEventRow(newEvent)),
            new(TableTransactionActionType.Add, EventRows.ToWaitlistStateRow(newEvent.Id, 0, 0, 0)),
        };
        actions.AddRange(SeatPool.Layout(newEvent.Capacity, 0)
            .Select(p => new TableTransactionAction(TableTransactionActionType.Add, EventRows.ToPoolRow(newEvent.Id, p))));
        // Event ids are random GUIDs: a conflict on the event row is the SDK retrying our own applied batch (OwnWrites).
        if (!await tables.Events.TrySubmitAddingAsync(actions, cancellationToken))
        {
            throw new InvalidOperationException($"Event id {newEvent.Id} was issued twice.");
        }

        await tables.EventListing.UpsertEntityAsync(EventRows.ToListingRow(newEvent), TableUpdateMode.Replace, cancellationToken);
        return CreateEventOutcome.Created;
    }

    public async Task<EventSnapshot?> FindAsync(EventId id, UserId? viewer, CancellationToken cancellationToken) =>
        (await EventPartition.ReadAsync(tables.Events, id, viewer, cancellationToken))?.ToSnapshot();

    public async Task<UpdateEventOutcome> UpdateAsync(FestaEvent updated, EventSnapshot basis, OutboxEntry? notice, CancellationToken cancellationToken)
    {
        // Details alone: one conditional replace of the event row (sign-ups never touch it). A new capacity
        // also rewrites the seat pools, which needs them as they are now: read the partition again.
        var previous = basis.Event;
        EventPartition? current = null;
        if (updated.Capacity != previous.Capacity)
        {
            current = await EventPartition.ReadAsync(tables.Events, updated.Id, null, cancellationToken);
            if (current is null)
            {
                return UpdateEventOutcome.NotFound;
            }

            if (current.EventRow.ETag.ToString() != basis.Version || current.SeatsTaken != basis.SeatsTaken)
            {
                return UpdateEventOutcome.Stale;
            }
        }

        var titleMoved = EventRows.TitleKey(previous) != EventRows.TitleKey(updated);
        if (titleMoved && !await TryClaimTitleAsync(updated, cancellationToken))
        {
            return UpdateEventOutcome.Duplicate;
        }

        if (notice is not null)
        {
            await MarkPendingAsync(updated.Id, cancellationToken);
        }

        try
        {
            if (current is null && notice is null)
            {
                await tables.Events.UpdateEntityAsync(EventRows.ToEventRow(updated), new ETag(basis.Version), TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                // The notice is written by the same entity-group transaction as the change: both or neither.
                List<TableTransactionAction> actions = current is null
                    ? [new TableTransactionAction(TableTransactionActionType.UpdateReplace, EventRows.ToEventRow(updated), new ETag(basis.Version))]
                    : UpdateActions(current, updated).ToList();
                if (notice is not null)
                {
                    actions.Add(TableOutbox.Upsert(updated.Id, notice));
                }

                await tables.Events.SubmitTransactionAsync(actions, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // The event changed, vanished, or (with a new capacity) a seat moved since the read: nothing was
            // written. The caller reads again and retries or reports.
            if (titleMoved)
            {
                await DeleteIgnoringMissingAsync(tables.EventTitles, EventRows.ToTitleRow(updated), cancellationToken);
            }

            return UpdateEventOutcome.Stale;
        }

        await tables.EventListing.UpsertEntityAsync(EventRows.ToListingRow(updated), TableUpdateMode.Replace, cancellationToken);
        if (EventRows.ListingKey(previous) != EventRows.ListingKey(updated))
        {
            await DeleteIgnoringMissingAsync(tables.EventListing, EventRows.ToListingRow(previous), cancellationToken);
        }

        if (titleMoved)
        {
            await DeleteIgnoringMissingAsync(tables.EventTitles, EventRows.ToTitleRow(previous), cancellationToken);
        }

        return UpdateEventOutcome.Updated;
    }

    public async Task DeleteAsync(FestaEvent doomed, OutboxEntry notice, CancellationToken cancellationToken)
    {
        // Announced in the pending index, off the listing, then the event and its seats in one batch with the notice
        // (sign-ups racing this fail on the vanished pools), then the title claim. The sign-up rows stay: no sign-up can
        // commit any more (every seat batch names a pool row, and none is left), so they are exactly the members who held
        // a seat when the batch committed, including any that committed while the deletion ran. The outbox dispatcher
        // queues their notices and only then deletes them and their members' hints (TableOutboxStore).
        await MarkPendingAsync(doomed.Id, cancellationToken);
        await DeleteIgnoringMissingAsync(tables.EventListing, EventRows.ToListingRow(doomed), cancellationToken);
        await DeleteEventAndPoolsAsync(doomed.Id, notice, cancellationToken);
        await DeleteIgnoringMissingAsync(tables.EventTitles, EventRows.ToTitleRow(doomed), cancellationToken);
    }

    private async Task MarkPendingAsync(EventId id, CancellationToken cancellationToken) =>
        await tables.Events.UpsertEntityAsync(TableOutbox.ToIndexRow(id, time.GetUtcNow()), TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// The event row and every pool row as one read saw them, with the deletion's outbox row, in one all-or-nothing batch.
    /// A sign-up that moved a pool in between (its key changed) fails the batch; then read again and retry, never row by
    /// row, which could leave a moved pool behind and keep the event open to sign-ups.
    /// </summary>
    private async Task DeleteEventAndPoolsAsync(EventId id, OutboxEntry notice, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var rows = new List<TableTransactionAction>();
            await foreach (var row in tables.Events.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {id.Value} and RowKey ge {EventRows.EventKey} and RowKey lt {SeatPool.PrefixEnd}"),
                select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            }

            if (rows.Count == 0)
            {
                return; // gone already (a retried delete): its notice was written with it
            }

            rows.Add(TableOutbox.Upsert(id, notice));
            try
            {
                await tables.Events.SubmitTransactionAsync(rows, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && attempt < MaxDeleteAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 20 << Math.Min(attempt, 4))), cancellationToken);
            }
        }
    }

    public async Task<StorePage<FestaEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken)
    {
        var fromKey = EventRows.TicksKey(query.From);
        var after = query.After is { } cursor && string.CompareOrdinal(cursor, fromKey) > 0 ? cursor : fromKey;
        // Inputs are checked to lie within the window; clamping here too keeps the +1 tick below from ever overflowing.
        var to = Timestamps.Clamp(query.To ?? Timestamps.Latest);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {EventRows.ListingPartition(query.From)} and PartitionKey le {EventRows.ListingPartition(to)} and RowKey gt {after} and RowKey lt {EventRows.TicksKey(to.AddTicks(1))}");
        if (query.Category is { } category)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Category eq {category.ToString().ToLowerInvariant()}");
        }

        if (query.City is { } city)
        {
            filter += " and " + TableClient.CreateQueryFilter($"CityKey eq {Region.Key(city)}");
        }

        if (query.District is { } district)
        {
            filter += " and " + TableClient.CreateQueryFilter($"DistrictKey eq {Region.Key(district)}");
        }

        var rows = new List<TableEntity>(query.Limit + 1);
        await foreach (var row in tables.EventListing.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, query.Limit + 1), cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count > query.Limit)
            {
                break;
            }
        }

        var page = rows.Take(query.Limit).ToList();
        return new StorePage<FestaEvent>(page.Select(EventRows.ToEvent).ToList(), rows.Count > query.Limit ? page[^1].RowKey : null);
    }

    /// <summary>Inserts the host's claim on title + start; a claim left by a create that never finished is taken over.</summary>
    private async Task<bool> TryClaimTitleAsync(FestaEvent e, CancellationToken cancellationToken)
    {
        var claim = EventRows.ToTitleRow(e);
        try
        {
            await tables.EventTitles.AddEntityAsync(claim, cancellationToken);
            return true;
        }
        catch (RequestFailedException conflict) when (conflict.IsConflict())
        {
            var existing = await tables.EventTitles.GetEntityIfExistsAsync<TableEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue || existing.Value!.GetString("EventId") is not { } owner ||
                (EventId.TryParse(owner, out var ownerId) && await FindAsync(ownerId, null, cancellationToken) is not null))
            {
                return false;
            }

            try
            {
                await tables.EventTitles.UpdateEntityAsync(claim, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException e2) when (e2.IsPreconditionFailed() || e2.IsNotFound())
            {
                return false;
            }
        }
    }

    private static IEnumerable<TableTransactionAction> UpdateActions(EventPartition current, FestaEvent updated)
    {
        yield return new TableTransactionAction(TableTransactionActionType.UpdateReplace, EventRows.ToEventRow(updated), current.EventRow.ETag);

        // New capacity: delete the pools as read and insert the new layout; unchanged rows stay.
        var next = SeatPool.Layout(updated.Capacity, current.SeatsTaken).Select(p => p.RowKey).ToHashSet(StringComparer.Ordinal);
        var old = current.Pools.Select(p => p.Pool.RowKey).ToHashSet(StringComparer.Ordinal);
        foreach (var (pool, etag) in current.Pools.Where(p => !next.Contains(p.Pool.RowKey)))
        {
            yield return new TableTransactionAction(TableTransactionActionType.Delete, EventRows.ToPoolRow(updated.Id, pool), etag);
        }

        foreach (var pool in SeatPool.Layout(updated.Capacity, current.SeatsTaken).Where(p => !old.Contains(p.RowKey)))
        {
            yield return new TableTransactionAction(TableTransactionActionType.Add, EventRows.ToPoolRow(updated.Id, pool));
        }

        // A new capacity also moves the waiting list's state row (same list, next version), as every waiting-list write
        // does: a join that read "full" before the raise fails on it and reads again (seats-available), and a join that
        // committed first fails this batch, so no member is left waiting behind seats the raise freed.
        if (updated.Capacity != current.Event.Capacity && current.WaitlistRow is { } state)
        {
            yield return new TableTransactionAction(TableTransactionActionType.Delete, state, state.ETag);
            yield return new TableTransactionAction(TableTransactionActionType.Add, EventRows.ToWaitlistStateRow(updated.Id,
                EventRows.VersionOf(state.RowKey) + 1, state.GetInt64("Next") ?? 0, state.GetInt32("Length") ?? 0));
        }
    }

    private static async Task DeleteIgnoringMissingAsync(TableClient table, ITableEntity row, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
}
