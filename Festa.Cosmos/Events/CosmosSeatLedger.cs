using System.Globalization;
using System.Text.Json;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Events;

/// <summary>
/// Seats on Cosmos DB: the event document is the event's one seat counter (<c>taken</c> next to <c>capacity</c>).
/// A commit is one transactional batch in the event's logical partition: patch <c>taken</c> by +k under the filter
/// <c>taken + k ≤ capacity</c> and not being deleted (412 when there is no room for all k now) + create k sign-up documents (409 for a
/// member who already holds one). All or nothing; the service applies the patch atomically, so writers on any number
/// of instances never need the counter's version (docs/data-model.md, "Cosmos DB"; Azure docs "Transactional batch
/// operations in Azure Cosmos DB" and "Conditional patch").
/// </summary>
internal sealed partial class CosmosSeatLedger(FestaContainers containers) : ISeatLedger
{
    private const int ParallelReads = 8;

    private static readonly TimeSpan StaleHintAge = TimeSpan.FromMinutes(10);

    /// <summary>A transactional batch holds at most 100 operations; one is the counter's patch.</summary>
    public int MaxClaimsPerCommit => CosmosSeatBatch.MaxOperations - CosmosSeatBatch.CounterOperations;

    /// <summary>An event being deleted is gone for sign-ups (its batches fail on the filter too).</summary>
    public async Task<SeatLedgerState?> ReadAsync(EventId eventId, CancellationToken cancellationToken) =>
        await containers.ReadAsync(containers.Events, EventDocument.Key, eventId.Value, cancellationToken) is { } doc &&
        doc.To<EventDocument>() is { Deleting: false } e
            ? ToState(e, doc.ETag())
            : null;

    public async Task<SeatCommit> CommitAsync(EventId eventId, SeatCounter counter, IReadOnlyList<SeatClaim> claims, CancellationToken cancellationToken)
    {
        var batch = containers.Events.CreateTransactionalBatch(new PartitionKey(eventId.Value))
            .PatchItem(EventDocument.Key, [PatchOperation.Increment("/taken", claims.Count)],
                new TransactionalBatchPatchItemRequestOptions { FilterPredicate = HasRoomFor(claims.Count) });
        foreach (var claim in claims)
        {
            batch.CreateItem(SignUpDocument.From(eventId, claim.MemberId, claim.At, claim.RequestId));
        }

        using var response = await batch.ExecuteAsync(cancellationToken);
        return CosmosSeatBatch.Outcome(response);
    }

    public async Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, CancellationToken cancellationToken)
    {
        using var response = await containers.Events.CreateTransactionalBatch(new PartitionKey(eventId.Value))
            .PatchItem(EventDocument.Key, [PatchOperation.Increment("/taken", -1)],
                new TransactionalBatchPatchItemRequestOptions { FilterPredicate = "FROM c WHERE c.taken > 0" })
            .DeleteItem(SignUpDocument.KeyOf(record.MemberId), new TransactionalBatchItemRequestOptions { IfMatchEtag = record.Version })
            .ExecuteAsync(cancellationToken);
        return CosmosSeatBatch.Outcome(response);
    }

    public async Task<SeatRecord?> FindAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken)
    {
        if (await containers.ReadAsync(containers.Events, SignUpDocument.KeyOf(memberId), eventId.Value, cancellationToken) is not { } doc)
        {
            return null;
        }

        var signUp = doc.To<SignUpDocument>();
        return new SeatRecord(memberId, signUp.SignedUpAt, signUp.RequestId, doc.ETag());
    }

    /// <summary>
    /// The hint alone: this store keeps no sign-up gate (a gated hint would be a transactional batch of the hint and a
    /// gate document, which the local test server cannot run), so sign-ups read the member after their commit.
    /// </summary>
    public async Task<HintWrite> IndexAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken)
    {
        var hint = SignUpHintDocument.From(memberId, festaEvent);
        await containers.EventIndex.UpsertItemAsync(hint, new PartitionKey(hint.Pk), cancellationToken: cancellationToken);
        return HintWrite.Ungated;
    }

    public async Task<bool> IsIndexedAsync(UserId memberId, EventId eventId, CancellationToken cancellationToken) =>
        await containers.ReadAsync(containers.EventIndex, eventId.Value, SignUpHintDocument.PartitionOf(memberId), cancellationToken) is not null;

    public async Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken) =>
        await PageAsync(eventId, SignUpDocument.Prefix, SignUpDocument.PrefixEnd, after, limit, d => d.To<SignUpDocument>().ToRecord(), cancellationToken);

    /// <summary>
    /// One page of the event partition's documents with ids in (<paramref name="after"/> or <paramref name="prefix"/>,
    /// <paramref name="prefixEnd"/>), in id order: one ordered single-partition query of <paramref name="limit"/> + 1
    /// documents; the next page continues after the last id returned.
    /// </summary>
    private async Task<StorePage<T>> PageAsync<T>(EventId eventId, string prefix, string prefixEnd, string? after, int limit,
        Func<JsonElement, T> map, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk AND c.id > @after AND c.id < @end ORDER BY c.id")
            .WithParameter("@pk", eventId.Value)
            .WithParameter("@after", after ?? prefix)
            .WithParameter("@end", prefixEnd);
        var docs = await FestaContainers.QueryAsync(containers.Events, query, eventId.Value, cancellationToken, max: limit + 1);
        var page = docs.Take(limit).ToList();
        return new StorePage<T>(page.Select(map).ToList(), docs.Count > limit ? page[^1].Id() : null);
    }

    public async Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var partition = SignUpHintDocument.PartitionOf(memberId);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk").WithParameter("@pk", partition);
        var hints = await FestaContainers.QueryAsync(containers.EventIndex, query, partition, cancellationToken);

        var found = new (FestaEvent, DateTimeOffset)?[hints.Count];
        await Parallel.ForAsync(0, hints.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await VerifyAsync(hints[i], memberId, ct));
        return found.OfType<(FestaEvent, DateTimeOffset)>().ToList();
    }

    /// <summary>Seats left as the filter of a patch: checked by the service atomically with the batch.</summary>
    internal static string HasRoomFor(int seats) =>
        string.Create(CultureInfo.InvariantCulture, $"FROM c WHERE c.taken + {seats} <= c.capacity AND {EventDocument.NotDeleting}");

    internal static SeatLedgerState ToState(EventDocument doc, string etag) =>
        new(doc.ToEvent(), [new SeatCounter(0, doc.Taken, doc.Capacity, etag)], WaitlistOf(doc));

    /// <summary>The hint's event and sign-up time if the sign-up exists; stale hints are removed.</summary>
    private async Task<(FestaEvent, DateTimeOffset)?> VerifyAsync(JsonElement hint, UserId memberId, CancellationToken cancellationToken)
    {
        var partition = await EventPartition.ReadAsync(containers, EventId.FromTrusted(hint.Id()), memberId, cancellationToken);
        if (partition?.SignUp is { } signUp)
        {
            return (partition.Event, signUp.SignedUpAt);
        }

        // A sign-up in flight writes its hint first: leave young hints alone. The ETag makes sure a hint
        // re-written meanwhile by a new sign-up survives.
        if (DateTimeOffset.UtcNow - hint.WrittenAt() > StaleHintAge)
        {
            await FestaContainers.DeleteAsync(containers.EventIndex, hint.Id(), SignUpHintDocument.PartitionOf(memberId), cancellationToken, hint.ETag());
        }

        return null;
    }
}
