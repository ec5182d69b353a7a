using System.Net;
using Festa.Core.Common;
using Festa.Core.Events;
using Festa.Core.Members;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Events;

/// <summary>
/// Events on Cosmos DB: details and seat count in one document of the event's own partition, a copy in
/// the month-partitioned listing, and a title claim per host (all in <c>eventIndex</c>).
/// </summary>
internal sealed class CosmosEventStore(FestaContainers containers) : IEventStore
{
    private const int ParallelDeletes = 8;

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

    public async Task<EventSnapshot?> FindAsync(EventId id, UserId? viewer, CancellationToken cancellationToken) =>
        (await EventPartition.ReadAsync(containers, id, viewer, cancellationToken))?.ToSnapshot();

    public async Task<UpdateEventOutcome> UpdateAsync(FestaEvent updated, EventSnapshot basis, CancellationToken cancellationToken)
    {
        var current = await EventPartition.ReadAsync(containers, updated.Id, null, cancellationToken);
        if (current is null)
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

        try
        {
            // If-Match: written only if no seat was taken or freed since the read, so the new capacity
            // (checked against those seats by the caller) is never below the seats taken.
            await containers.Events.ReplaceItemAsync(EventDocument.From(updated, current.SeatsTaken), EventDocument.Key,
                new PartitionKey(updated.Id.Value), new ItemRequestOptions { IfMatchEtag = current.ETag }, cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
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

    public async Task DeleteAsync(FestaEvent doomed, CancellationToken cancellationToken)
    {
        // Off the listing first, then the event document (from here on sign-ups racing this fail on its
        // patch), then the sign-ups, the members' hints and the title claim.
        await DeleteListingAsync(doomed, cancellationToken);
        await FestaContainers.DeleteAsync(containers.Events, EventDocument.Key, doomed.Id.Value, cancellationToken);

        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.pk = @pk").WithParameter("@pk", doomed.Id.Value);
        var signUps = (await FestaContainers.QueryAsync(containers.Events, query, doomed.Id.Value, cancellationToken))
            .Select(d => d.Id())
            .Where(id => id.StartsWith(SignUpDocument.Prefix, StringComparison.Ordinal))
            .ToList();
        await Parallel.ForEachAsync(signUps, new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                await FestaContainers.DeleteAsync(containers.Events, id, doomed.Id.Value, ct);
                var member = UserId.FromTrusted(id[SignUpDocument.Prefix.Length..]);
                await FestaContainers.DeleteAsync(containers.EventIndex, doomed.Id.Value, SignUpHintDocument.PartitionOf(member), ct);
            });
        var claim = TitleClaimDocument.From(doomed);
        await FestaContainers.DeleteAsync(containers.EventIndex, claim.Id, claim.Pk, cancellationToken);
    }

    public async Task<StorePage<FestaEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken)
    {
        var fromKey = EventKeys.TicksKey(query.From);
        var after = query.After is { } cursor && string.CompareOrdinal(cursor, fromKey) > 0 ? cursor : fromKey;
        // Inputs are checked to lie within the window; clamping here too keeps the +1 tick below from ever overflowing.
        var to = Timestamps.Clamp(query.To ?? Timestamps.Latest);

        var filters = new List<(string Clause, string Name, string Value)>
        {
            // The month range bounds the partitions scanned; the id range (start ticks first) is the order and the cursor.
            ("c.pk >= @fromMonth", "@fromMonth", EventKeys.ListingPartition(query.From)),
            ("c.pk <= @toMonth", "@toMonth", EventKeys.ListingPartition(to)),
            ("c.kind = @kind", "@kind", ListingDocument.ListingKind),
            ("c.id > @after", "@after", after),
            ("c.id < @before", "@before", EventKeys.TicksKey(to.AddTicks(1))),
        };
        if (query.Category is { } category)
        {
            filters.Add(("c.category = @category", "@category", EventKeys.Category(category)));
        }

        if (query.City is { } city)
        {
            filters.Add(("c.cityKey = @city", "@city", Region.Key(city)));
        }

        if (query.District is { } district)
        {
            filters.Add(("c.districtKey = @district", "@district", Region.Key(district)));
        }

        var definition = new QueryDefinition($"SELECT * FROM c WHERE {string.Join(" AND ", filters.Select(f => f.Clause))} ORDER BY c.id");
        foreach (var (_, name, value) in filters)
        {
            definition = definition.WithParameter(name, value);
        }

        var docs = await FestaContainers.QueryAsync(containers.EventIndex, definition, partitionKey: null, cancellationToken, max: query.Limit + 1);
        var page = docs.Take(query.Limit).Select(d => d.To<ListingDocument>()).ToList();
        return new StorePage<FestaEvent>(page.Select(d => d.ToEvent()).ToList(), docs.Count > query.Limit ? page[^1].Id : null);
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
            catch (CosmosException e2) when (e2.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
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
