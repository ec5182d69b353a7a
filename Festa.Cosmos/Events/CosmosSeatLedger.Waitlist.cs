using System.Globalization;
using System.Text.Json;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.Waitlist;
using Festa.Core.Members;
using Microsoft.Azure.Cosmos;
using Festa.Cosmos.Outbox;

namespace Festa.Cosmos.Events;

/// <summary>
/// The waiting list on Cosmos DB, in the event's logical partition: the event document counts it (<c>waitNext</c>, the
/// next sequence; <c>waitLength</c>, members waiting), entries are <c>wait.{sequence:D12}</c> (id order = first-come
/// order) and <c>waitm.{user}</c> (one per member, create-if-absent). Every write is one transactional batch whose first
/// operation patches the event document under a filter the service checks atomically with the rest of the batch
/// ("Transactional batch operations in Azure Cosmos DB"; "Conditional patch"): a join only while the list's next
/// sequence is the one read and the event is full; a promotion only while seats and list allow it. The local test
/// server has no transactional batch: these paths run against a real account (FESTA_COSMOS_ENDPOINT/KEY), and
/// their response mapping is tested through the SDK's own response types (<see cref="CosmosBatchOutcome"/>).
/// </summary>
internal sealed partial class CosmosSeatLedger : IWaitlistLedger
{
    private const string HintKind = "waiting-hint";

    /// <summary>Per promotion: entry out, index out, record in, and its <c>promoted</c> outbox document (24 per batch).</summary>
    public int MaxPromotionsPerCommit => (CosmosSeatBatch.MaxOperations - 1) / 4;

    public async Task<WaitlistCommit> JoinAsync(EventId eventId, WaitlistState waitlist, WaitingClaim claim, CancellationToken cancellationToken)
    {
        var filter = string.Create(CultureInfo.InvariantCulture,
            $"FROM c WHERE c.taken >= c.capacity AND (c.waitNext ?? 0) = {waitlist.Next} AND (c.waitLength ?? 0) = {waitlist.Length} AND {EventDocument.NotDeleting}");
        using var response = await Batch(eventId)
            .PatchItem(EventDocument.Key, [PatchOperation.Increment("/waitNext", 1), PatchOperation.Increment("/waitLength", 1)],
                new TransactionalBatchPatchItemRequestOptions { FilterPredicate = filter })
            .CreateItem(WaitDocument.From(eventId, claim, waitlist.Next))
            .CreateItem(WaiterDocument.From(eventId, claim, waitlist.Next))
            .ExecuteAsync(cancellationToken);
        return Outcome(response, JoinFailedAt);
    }

    public async Task<WaitingEntry?> FindWaitingAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken) =>
        await containers.ReadAsync(containers.Events, WaiterDocument.KeyOf(memberId), eventId.Value, cancellationToken) is { } doc
            ? doc.To<WaiterDocument>().ToEntry(doc.ETag())
            : null;

    public async Task<int> PositionAsync(EventId eventId, WaitingEntry entry, CancellationToken cancellationToken)
    {
        // Ids only, one partition: entries up to mine (≤ the list's cap). No aggregate, so the local test server answers it too.
        var query = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.pk = @pk AND c.id > @from AND c.id <= @mine")
            .WithParameter("@pk", eventId.Value).WithParameter("@from", WaitDocument.Prefix).WithParameter("@mine", WaitDocument.KeyOf(entry.Sequence));
        return Math.Max(1, (await FestaContainers.QueryAsync(containers.Events, query, eventId.Value, cancellationToken)).Count);
    }

    public async Task<WaitlistCommit> LeaveAsync(EventId eventId, WaitlistState waitlist, WaitingEntry entry, CancellationToken cancellationToken)
    {
        using var response = await Batch(eventId)
            .PatchItem(EventDocument.Key, [PatchOperation.Increment("/waitLength", -1)],
                new TransactionalBatchPatchItemRequestOptions { FilterPredicate = "FROM c WHERE c.waitLength > 0" })
            .DeleteItem(WaitDocument.KeyOf(entry.Sequence))
            .DeleteItem(WaiterDocument.KeyOf(entry.MemberId), new TransactionalBatchItemRequestOptions { IfMatchEtag = entry.Version })
            .ExecuteAsync(cancellationToken);
        return Outcome(response, _ => WaitlistCommit.Changed);
    }

    public async Task<StorePage<WaitingEntry>> ListWaitingAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken) =>
        await PageAsync(eventId, WaitDocument.Prefix, WaitDocument.PrefixEnd, after, limit, d => d.To<WaitDocument>().ToEntry(), cancellationToken);

    public async Task<WaitlistCommit> ReleaseAndPromoteAsync(EventId eventId, SeatRecord released, WaitlistState waitlist, Promotion promotion,
        CancellationToken cancellationToken)
    {
        // [0] the list shrinks (seats unchanged), [1] the canceller's record out, [2–3] the head's entry out, [4] its record in.
        var batch = Batch(eventId)
            .PatchItem(EventDocument.Key, [PatchOperation.Increment("/waitLength", -1)],
                new TransactionalBatchPatchItemRequestOptions { FilterPredicate = $"FROM c WHERE c.waitLength > 0 AND {EventDocument.NotDeleting}" })
            .DeleteItem(SignUpDocument.KeyOf(released.MemberId), new TransactionalBatchItemRequestOptions { IfMatchEtag = released.Version })
            .DeleteItem(WaitDocument.KeyOf(promotion.Entry.Sequence))
            .DeleteItem(WaiterDocument.KeyOf(promotion.Entry.MemberId))
            .CreateItem(SignUpDocument.From(eventId, promotion.Entry.MemberId, promotion.At, promotion.PromotionId));
        if (promotion.Notice is { } notice)
        {
            CosmosOutbox.Upsert(batch, eventId, notice); // [5] the promoted notice, committed with the seat
        }

        using var response = await batch.ExecuteAsync(cancellationToken);
        return Outcome(response, ReleaseAndPromoteFailedAt);
    }

    public async Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, WaitlistState waitlist, CancellationToken cancellationToken)
    {
        // As the plain release, and only while nobody waits: a member who joined meanwhile fails the filter (then is promoted).
        using var response = await Batch(eventId)
            .PatchItem(EventDocument.Key, [PatchOperation.Increment("/taken", -1)],
                new TransactionalBatchPatchItemRequestOptions { FilterPredicate = "FROM c WHERE c.taken > 0 AND (c.waitLength ?? 0) = 0" })
            .DeleteItem(SignUpDocument.KeyOf(record.MemberId), new TransactionalBatchItemRequestOptions { IfMatchEtag = record.Version })
            .ExecuteAsync(cancellationToken);
        return CosmosSeatBatch.Outcome(response);
    }

    public async Task<WaitlistCommit> PromoteAsync(EventId eventId, SeatCounter counter, WaitlistState waitlist, IReadOnlyList<Promotion> promotions,
        CancellationToken cancellationToken)
    {
        var k = promotions.Count;
        var filter = string.Create(CultureInfo.InvariantCulture,
            $"FROM c WHERE c.taken + {k} <= c.capacity AND (c.waitLength ?? 0) >= {k} AND {EventDocument.NotDeleting}");
        var batch = Batch(eventId).PatchItem(EventDocument.Key, [PatchOperation.Increment("/taken", k), PatchOperation.Increment("/waitLength", -k)],
            new TransactionalBatchPatchItemRequestOptions { FilterPredicate = filter });
        foreach (var promotion in promotions)
        {
            batch.DeleteItem(WaitDocument.KeyOf(promotion.Entry.Sequence))
                .DeleteItem(WaiterDocument.KeyOf(promotion.Entry.MemberId))
                .CreateItem(SignUpDocument.From(eventId, promotion.Entry.MemberId, promotion.At, promotion.PromotionId));
        }

        // Then the promoted notices (after every promotion's operations: the failed-index arithmetic is unchanged).
        foreach (var promotion in promotions.Where(p => p.Notice is not null))
        {
            CosmosOutbox.Upsert(batch, eventId, promotion.Notice!);
        }

        using var response = await batch.ExecuteAsync(cancellationToken);
        return Outcome(response, PromoteFailedAt);
    }

    public async Task IndexWaitingAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken)
    {
        var hint = new WaitingHintDocument(festaEvent.Id.Value, WaitingHintDocument.PartitionOf(memberId), HintKind, festaEvent.StartsAt);
        await containers.EventIndex.UpsertItemAsync(hint, new PartitionKey(hint.Pk), cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<(FestaEvent Event, WaitingEntry Entry)>> ListWaitingOfMemberAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var partition = WaitingHintDocument.PartitionOf(memberId);
        var hints = await FestaContainers.QueryAsync(containers.EventIndex,
            new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk").WithParameter("@pk", partition), partition, cancellationToken);
        var found = new (FestaEvent, WaitingEntry)?[hints.Count];
        await Parallel.ForAsync(0, hints.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await VerifyWaitingAsync(hints[i], memberId, ct));
        return found.OfType<(FestaEvent, WaitingEntry)>().ToList();
    }

    public async Task<IReadOnlyList<UserId>> ClearAsync(EventId eventId, CancellationToken cancellationToken)
    {
        var pk = eventId.Value;
        var query = new QueryDefinition("SELECT c.id, c.memberId FROM c WHERE c.pk = @pk AND c.id > @from AND c.id < @end")
            .WithParameter("@pk", pk).WithParameter("@from", WaitDocument.Prefix).WithParameter("@end", WaiterDocument.PrefixEnd);
        var docs = await FestaContainers.QueryAsync(containers.Events, query, pk, cancellationToken);
        var ids = docs.Select(d => d.Id()).ToList();
        var members = docs.Where(d => d.Id().StartsWith(WaitDocument.Prefix, StringComparison.Ordinal))
            .OrderBy(d => d.Id(), StringComparer.Ordinal).Select(d => UserId.FromTrusted(d.GetProperty("memberId").GetString()!)).ToList();
        await CosmosBatches.RunAsync(ids, (chunk, ct) =>
        {
            var batch = Batch(eventId);
            foreach (var id in chunk)
            {
                batch.DeleteItem(id);
            }

            return batch.ExecuteAsync(ct);
        }, failure => failure == CosmosFailure.Missing, cancellationToken);
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (member, ct) => await FestaContainers.DeleteAsync(containers.EventIndex, pk, WaitingHintDocument.PartitionOf(member), ct));
        return members;
    }

    private static WaitlistState WaitlistOf(EventDocument doc) =>
        new(doc.WaitNext, doc.WaitLength, string.Create(CultureInfo.InvariantCulture, $"{doc.WaitNext}.{doc.WaitLength}"));

    private TransactionalBatch Batch(EventId eventId) => containers.Events.CreateTransactionalBatch(new PartitionKey(eventId.Value));

    /// <summary>Join: [0] patch, [1] entry, [2] the member's index entry (409: the member waits already).</summary>
    internal static WaitlistCommit JoinFailedAt(int failed) => failed == 2 ? WaitlistCommit.EntryExists : WaitlistCommit.Changed;

    /// <summary>Cancel with promotion: [0] patch, [1] the canceller's record, [2–3] the head's entries, [4] the head's record (409: it holds one).</summary>
    internal static WaitlistCommit ReleaseAndPromoteFailedAt(int failed) => failed == 4 ? WaitlistCommit.RecordExists(0) : WaitlistCommit.Changed;

    /// <summary>Free seats: [0] patch, then per promotion i: [1 + 3i] entry, [2 + 3i] index entry, [3 + 3i] record (409: it holds one).</summary>
    internal static WaitlistCommit PromoteFailedAt(int failed) =>
        failed >= 1 && (failed - 1) % 3 == 2 ? WaitlistCommit.RecordExists((failed - 1) / 3) : WaitlistCommit.Changed;

    /// <summary>
    /// Operation 0 is always the event's patch (list moved, no room, or the event is gone: Changed); a 409/412/404 of
    /// another operation is read by <paramref name="failedAt"/>; anything else throws (transient: 503 busy; else a fault).
    /// </summary>
    internal static WaitlistCommit Outcome(TransactionalBatchResponse response, Func<int, WaitlistCommit> failedAt)
    {
        var outcome = CosmosBatchOutcome.Of(response);
        if (outcome.Succeeded)
        {
            return WaitlistCommit.Committed;
        }

        return outcome.FailedIndex >= 0 && outcome.Failure is CosmosFailure.Rejected or CosmosFailure.Missing
            ? failedAt(outcome.FailedIndex)
            : throw outcome.ToException(response.ErrorMessage);
    }

    private async Task<(FestaEvent, WaitingEntry)?> VerifyWaitingAsync(JsonElement hint, UserId memberId, CancellationToken cancellationToken)
    {
        var eventId = EventId.FromTrusted(hint.Id());
        var eventRead = containers.ReadAsync(containers.Events, EventDocument.Key, eventId.Value, cancellationToken);
        var entry = await FindWaitingAsync(eventId, memberId, cancellationToken);
        if (await eventRead is { } doc && doc.To<EventDocument>() is { Deleting: false } e && entry is not null)
        {
            return (e.ToEvent(), entry);
        }

        if (DateTimeOffset.UtcNow - hint.WrittenAt() > StaleHintAge)
        {
            await FestaContainers.DeleteAsync(containers.EventIndex, hint.Id(), WaitingHintDocument.PartitionOf(memberId), cancellationToken, hint.ETag());
        }

        return null;
    }
}

/// <summary>A waiting entry: id "wait.{sequence:D12}" in the event's partition, so id order is first-come order.</summary>
internal sealed record WaitDocument(string Id, string Pk, string MemberId, DateTimeOffset JoinedAt, string? RequestId)
{
    public const string Prefix = "wait.";
    public const string PrefixEnd = "wait/";

    public static string KeyOf(long sequence) => Prefix + sequence.ToString("D12", CultureInfo.InvariantCulture);

    public static WaitDocument From(EventId eventId, WaitingClaim claim, long sequence) =>
        new(KeyOf(sequence), eventId.Value, claim.MemberId.Value, claim.At, claim.RequestId);

    public WaitingEntry ToEntry() => new(UserId.FromTrusted(MemberId), long.Parse(Id.AsSpan(Prefix.Length), CultureInfo.InvariantCulture), JoinedAt, RequestId, "*");
}

/// <summary>A member's waiting entry by member: id "waitm.{user id}", one per member and event.</summary>
internal sealed record WaiterDocument(string Id, string Pk, string MemberId, long Sequence, DateTimeOffset JoinedAt, string? RequestId)
{
    public const string Prefix = "waitm.";
    public const string PrefixEnd = "waitm/";

    public static string KeyOf(UserId member) => Prefix + member.Value;

    public static WaiterDocument From(EventId eventId, WaitingClaim claim, long sequence) =>
        new(KeyOf(claim.MemberId), eventId.Value, claim.MemberId.Value, sequence, claim.At, claim.RequestId);

    public WaitingEntry ToEntry(string etag) => new(UserId.FromTrusted(MemberId), Sequence, JoinedAt, RequestId, etag);
}

/// <summary>"My waiting lists" hint: pk = "waiting:{user id}", id = event id (verified when read).</summary>
internal sealed record WaitingHintDocument(string Id, string Pk, string Kind, DateTimeOffset StartsAt)
{
    public static string PartitionOf(UserId member) => "waiting:" + member.Value;
}
