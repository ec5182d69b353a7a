using System.Net;
using System.Text.Json;
using Festa.Core.Events;
using Festa.Core.Members;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Events;

/// <summary>
/// Seats on Cosmos DB. A sign-up is one transactional batch in the event's logical partition: create the
/// member's sign-up document (409 if it exists: one seat per member) + patch the event document's
/// <c>taken</c> by +1 under the filter <c>taken &lt; capacity</c> (412 when full). The batch is
/// all-or-nothing, so sign-up documents and seats taken always move together. See docs/data-model.md, "Cosmos DB".
/// </summary>
internal sealed class CosmosSignUpStore(FestaContainers containers) : ISignUpStore
{
    /// <summary>Fresh reads before giving up with "busy" (only throttling or a racing cancel make a retry).</summary>
    private const int MaxReads = 10;

    private const int ParallelReads = 8;

    private const string HasRoom = "FROM c WHERE c.taken < c.capacity";
    private const string HasTaken = "FROM c WHERE c.taken > 0";

    private static readonly TimeSpan StaleHintAge = TimeSpan.FromMinutes(10);

    public async Task<SignUpOutcome> SignUpAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var indexed = false;
        for (var read = 0; read < MaxReads; read++)
        {
            var partition = await EventPartition.ReadAsync(containers, eventId, memberId, cancellationToken);
            if (partition is null)
            {
                return SignUpOutcome.NotFound;
            }

            if (partition.SignUp is not null)
            {
                return SignUpOutcome.AlreadySignedUp;
            }

            if (!partition.Event.IsOpenAt(now))
            {
                return SignUpOutcome.Closed;
            }

            if (partition.SeatsTaken >= partition.Event.Capacity)
            {
                return SignUpOutcome.Full;
            }

            if (!indexed)
            {
                // Written before the seat, so "my sign-ups" can always find it; a hint only, verified when read.
                var hint = SignUpHintDocument.From(memberId, partition.Event);
                await containers.EventIndex.UpsertItemAsync(hint, new PartitionKey(hint.Pk), cancellationToken: cancellationToken);
                indexed = true;
            }

            using var response = await containers.Events.CreateTransactionalBatch(new PartitionKey(eventId.Value))
                .CreateItem(SignUpDocument.From(eventId, memberId, now))
                .PatchItem(EventDocument.Key, [PatchOperation.Increment("/taken", 1)],
                    new TransactionalBatchPatchItemRequestOptions { FilterPredicate = HasRoom })
                .ExecuteAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return SignUpOutcome.SignedUp;
            }

            switch (Failure(response))
            {
                case (0, HttpStatusCode.Conflict):
                    return SignUpOutcome.AlreadySignedUp;
                case (1, HttpStatusCode.PreconditionFailed):
                    return SignUpOutcome.Full; // the filter saw no room at that instant
                case (1, HttpStatusCode.NotFound):
                    return SignUpOutcome.NotFound; // deleted since the read
            }

            ThrowUnlessRetryable(response);
            await BackOffAsync(read, cancellationToken);
        }

        return SignUpOutcome.Busy;
    }

    public async Task<CancelOutcome> CancelAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var read = 0; read < MaxReads; read++)
        {
            var partition = await EventPartition.ReadAsync(containers, eventId, memberId, cancellationToken);
            if (partition is null)
            {
                return CancelOutcome.NotFound;
            }

            if (partition.SignUp is not { } signUp)
            {
                return CancelOutcome.NotSignedUp;
            }

            if (!partition.Event.IsOpenAt(now))
            {
                return CancelOutcome.Closed;
            }

            using var response = await containers.Events.CreateTransactionalBatch(new PartitionKey(eventId.Value))
                .DeleteItem(signUp.Id, new TransactionalBatchItemRequestOptions { IfMatchEtag = partition.SignUpETag })
                .PatchItem(EventDocument.Key, [PatchOperation.Increment("/taken", -1)],
                    new TransactionalBatchPatchItemRequestOptions { FilterPredicate = HasTaken })
                .ExecuteAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return CancelOutcome.Cancelled;
            }

            switch (Failure(response))
            {
                case (0, HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed):
                    continue; // cancelled (or re-taken) meanwhile by another request: read again to answer
                case (1, HttpStatusCode.NotFound):
                    return CancelOutcome.NotFound;
            }

            ThrowUnlessRetryable(response);
            await BackOffAsync(read, cancellationToken);
        }

        return CancelOutcome.Busy;
    }

    public async Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk AND c.id > @after AND c.id < @end ORDER BY c.id")
            .WithParameter("@pk", eventId.Value)
            .WithParameter("@after", after ?? SignUpDocument.Prefix)
            .WithParameter("@end", SignUpDocument.PrefixEnd);
        var docs = await FestaContainers.QueryAsync(containers.Events, query, eventId.Value, cancellationToken, max: limit + 1);
        var page = docs.Take(limit).Select(d => d.To<SignUpDocument>()).ToList();
        return new StorePage<SignUpRecord>(page.Select(d => d.ToRecord()).ToList(), docs.Count > limit ? page[^1].Id : null);
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

    /// <summary>The failed operation of a batch (the others answer 424 Failed Dependency).</summary>
    private static (int Index, HttpStatusCode Status) Failure(TransactionalBatchResponse response)
    {
        for (var i = 0; i < response.Count; i++)
        {
            if (response[i].StatusCode != HttpStatusCode.FailedDependency && !response[i].IsSuccessStatusCode)
            {
                return (i, response[i].StatusCode);
            }
        }

        return (-1, response.StatusCode);
    }

    /// <summary>Throttling and timeouts the SDK's own retries did not absorb are retried here; anything else is a fault.</summary>
    private static void ThrowUnlessRetryable(TransactionalBatchResponse response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.ServiceUnavailable
            or (HttpStatusCode)449))
        {
            throw new CosmosBatchException(response.StatusCode, response.ErrorMessage);
        }
    }

    private static Task BackOffAsync(int read, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + (read * 20))), cancellationToken);
}
