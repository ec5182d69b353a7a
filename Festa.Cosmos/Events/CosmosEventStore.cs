using System.Net;
using Festa.Core.Common;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications.Outbox;
using Festa.Cosmos.Outbox;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Events;

/// <summary>
/// Events on Cosmos DB: details and seat count in one document of the event's own partition, a copy in
/// the month-partitioned listing, and a title claim per host (all in <c>eventIndex</c>). A change's notice travels in the
/// event document itself (<see cref="CosmosOutbox"/>), announced in the pending index first.
/// </summary>
internal sealed class CosmosEventStore(FestaContainers containers, TimeProvider time) : IEventStore
{
    public async Task<CreateEventOutcome> CreateAsync(FestaEvent newEvent, CancellationToken cancellationToken)
    {
        if (!await TryClaimTitleAsync(newEvent, cancellationToken))
        {
            return CreateEventOutcome.Duplicate;
        }

        // One document holds the details and the seats, so the event appears whole or not at all.
        await containers.Events.CreateItemAsync(EventDocument.From(newEvent, taken: 0), new PartitionKey(newEvent.Id.Value),
            cancellationToken: cancellationToken);
        await UpsertListingAsync(newEvent, cancellationToken);
        return CreateEventOutcome.Created;
    }

    /// <summary>
    /// An event being deleted (<see cref="EventDocument.Deleting"/>) is gone for members (a <paramref name="viewer"/>
    /// is given); reads without a viewer (the host's management reads) still find it, so a retried DELETE finishes the work.
    /// </summary>
    public async Task<EventSnapshot?> FindAsync(EventId id, UserId? viewer, CancellationToken cancellationToken) =>
        await EventPartition.ReadAsync(containers, id, viewer, cancellationToken) is { } found && !(found.Document.Deleting && viewer is not null)
            ? found.ToSnapshot()
            : null;

    public async Task<UpdateEventOutcome> UpdateAsync(FestaEvent updated, EventSnapshot basis, OutboxEntry? notice, CancellationToken cancellationToken)
    {
        var current = await EventPartition.ReadAsync(containers, updated.Id, null, cancellationToken);
        if (current is null || current.Document.Deleting)
        {
            return UpdateEventOutcome.NotFound;
        }

        // Every sign-up and cancel rewrites the event document, so an unchanged ETag also means unchanged seats.
        if (current.ETag != basis.Version)
        {
            return UpdateEventOutcome.Stale;
        }

        var previous = current.Event;
        var titleMoved = EventKeys.TitleKey(previous) != EventKeys.TitleKey(updated);
        if (titleMoved && !await TryClaimTitleAsync(updated, cancellationToken))
        {
            return UpdateEventOutcome.Duplicate;
        }

        // Entries not yet delivered stay; the new one is written by this same replace (one document: both or neither).
        var outbox = new Dictionary<string, string>(current.Document.Outbox ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (notice is not null)
        {
            await CosmosOutboxStore.MarkAsync(containers, updated.Id, time.GetUtcNow(), cancellationToken);
            outbox[notice.Id] = notice.ToJson();
        }

        try
        {
            // If-Match: written only if no seat was taken or freed since the read, so the new capacity
            // (checked against those seats by the caller) is never below the seats taken.
            await containers.Events.ReplaceItemAsync(
                EventDocument.From(updated, current.SeatsTaken, current.Document.WaitNext, current.Document.WaitLength) with { Outbox = outbox.Count > 0 ? outbox : null },
                EventDocument.Key,
                new PartitionKey(updated.Id.Value), new ItemRequestOptions { IfMatchEtag = current.ETag }, cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed || e.IsMissing())
        {
            if (titleMoved)
            {
                await FestaContainers.DeleteAsync(containers.EventIndex, EventKeys.TitleKey(updated), TitleClaimDocument.From(updated).Pk, cancellationToken);
            }

            return UpdateEventOutcome.Stale;
        }

        await UpsertListingAsync(updated, cancellationToken);
        if (EventKeys.ListingKey(previous) != EventKeys.ListingKey(updated))
        {
            await DeleteListingAsync(previous, cancellationToken);
        }

        if (titleMoved)
        {
            await FestaContainers.DeleteAsync(containers.EventIndex, EventKeys.TitleKey(previous), TitleClaimDocument.From(previous).Pk, cancellationToken);
        }

        return UpdateEventOutcome.Updated;
    }

    /// <summary>
    /// Resumable and safe to repeat: (0) announce the event in the outbox's pending index; (1) one patch marks the event
    /// document <c>deleting</c> and sets its <c>deletion</c> notice — from here sign-up batches fail on their patch filter,
    /// so the sign-up documents left are exactly the members who held a seat at that moment, and members no longer see the
    /// event, while the host's retried DELETE still finds it; (2) remove the listing and (3) the title claim. The sign-ups
    /// and then the event document itself are deleted by the outbox dispatcher once their notices are queued
    /// (<see cref="CosmosOutboxStore"/>). Members' sign-up hints are not touched (one request per member): the member's
    /// next "my sign-ups" read drops them, as their event is gone.
    /// </summary>
    public async Task DeleteAsync(FestaEvent doomed, OutboxEntry notice, CancellationToken cancellationToken)
    {
        var pk = doomed.Id.Value;
        await CosmosOutboxStore.MarkAsync(containers, doomed.Id, time.GetUtcNow(), cancellationToken);
        using (var marked = await containers.Events.PatchItemStreamAsync(EventDocument.Key, new PartitionKey(pk),
                   [PatchOperation.Set("/deleting", true), PatchOperation.Set("/deletion", notice.ToJson())], cancellationToken: cancellationToken))
        {
            if (!CosmosStatus.IsMissing(marked))
            {
                marked.EnsureSuccessStatusCode(); // missing: the dispatcher already finished an earlier attempt; steps 2 and 3 are idempotent
            }
        }

        await DeleteListingAsync(doomed, cancellationToken);
        var claim = TitleClaimDocument.From(doomed);
        await FestaContainers.DeleteAsync(containers.EventIndex, claim.Id, claim.Pk, cancellationToken);
    }

    public async Task<StorePage<FestaEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken)
    {
        var docs = await FestaContainers.QueryAsync(containers.EventIndex, ListingQuery(query), partitionKey: null, cancellationToken, max: query.Limit + 1);
        var page = docs.Take(query.Limit).Select(d => d.To<ListingDocument>()).ToList();
        return new StorePage<FestaEvent>(page.Select(d => d.ToEvent()).ToList(), docs.Count > query.Limit ? page[^1].Id : null);
    }

    /// <summary>
    /// Equality filters in <see cref="ListingDocument.FilterProperties"/> order, and an ORDER BY that names them
    /// before the id, so one composite index (<see cref="ListingDocument.IndexedOrders"/>) serves filter and
    /// order. The id range (start ticks first) is the time window and the cursor. No partition-key condition:
    /// listings are hash-partitioned by month, so a month range cannot narrow the partitions a query goes to
    /// (only equality on /pk can); every physical partition is asked.
    /// </summary>
    internal static QueryDefinition ListingQuery(EventQuery query)
    {
        var fromKey = EventKeys.TicksKey(query.From);
        var after = query.After is { } cursor && string.CompareOrdinal(cursor, fromKey) > 0 ? cursor : fromKey;
        // Inputs are checked to lie within the window; clamping here too keeps the +1 tick below from ever overflowing.
        var to = Timestamps.Clamp(query.To ?? Timestamps.Latest);
        var values = new Dictionary<string, string?>
        {
            ["kind"] = ListingDocument.ListingKind,
            ["category"] = query.Category is { } category ? EventKeys.Category(category) : null,
            ["cityKey"] = query.City is { } city ? Region.Key(city) : null,
            ["districtKey"] = query.District is { } district ? Region.Key(district) : null,
        };
        var equalities = ListingDocument.IndexedOrders().Select(o => o[..^1]).Where(o => o.All(p => values[p] is not null)).MaxBy(o => o.Length)!;

        var where = string.Join(" AND ", equalities.Select(p => $"c.{p} = @{p}")) + " AND c.id > @after AND c.id < @before";
        var definition = new QueryDefinition($"SELECT * FROM c WHERE {where} ORDER BY {string.Join(", ", equalities.Select(p => "c." + p))}, c.id")
            .WithParameter("@after", after)
            .WithParameter("@before", EventKeys.TicksKey(to.AddTicks(1)));
        foreach (var property in equalities)
        {
            definition = definition.WithParameter("@" + property, values[property]);
        }

        return definition;
    }

    /// <summary>Creates the host's claim on title + start; a claim left by a create that never finished is taken over.</summary>
    private async Task<bool> TryClaimTitleAsync(FestaEvent e, CancellationToken cancellationToken)
    {
        var claim = TitleClaimDocument.From(e);
        try
        {
            await containers.EventIndex.CreateItemAsync(claim, new PartitionKey(claim.Pk), cancellationToken: cancellationToken);
            return true;
        }
        catch (CosmosException conflict) when (conflict.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await containers.ReadAsync(containers.EventIndex, claim.Id, claim.Pk, cancellationToken);
            if (existing is not { } found || found.To<TitleClaimDocument>().EventId is not { } owner ||
                (EventId.TryParse(owner, out var ownerId) && await FindAsync(ownerId, null, cancellationToken) is not null))
            {
                return false;
            }

            try
            {
                await containers.EventIndex.ReplaceItemAsync(claim, claim.Id, new PartitionKey(claim.Pk),
                    new ItemRequestOptions { IfMatchEtag = found.ETag() }, cancellationToken);
                return true;
            }
            catch (CosmosException e2) when (e2.StatusCode == HttpStatusCode.PreconditionFailed || e2.IsMissing())
            {
                return false;
            }
        }
    }

    private async Task UpsertListingAsync(FestaEvent e, CancellationToken cancellationToken)
    {
        var listing = ListingDocument.From(e);
        await containers.EventIndex.UpsertItemAsync(listing, new PartitionKey(listing.Pk), cancellationToken: cancellationToken);
    }

    private async Task DeleteListingAsync(FestaEvent e, CancellationToken cancellationToken) =>
        await FestaContainers.DeleteAsync(containers.EventIndex, EventKeys.ListingKey(e), EventKeys.ListingPartition(e.StartsAt), cancellationToken);
}
