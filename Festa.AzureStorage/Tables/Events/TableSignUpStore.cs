using Azure;
using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Telemetry;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>
/// Seats on Table Storage. A sign-up is one entity-group transaction in the event's partition:
/// insert the member's sign-up row (fails if it exists: one seat per member) + delete a pool row as read
/// + insert its successor with one more seat taken (both fail if another writer changed that pool). The
/// batch is all-or-nothing, so sign-up rows and seats taken always move together. See docs/concurrency.md.
/// </summary>
internal sealed class TableSignUpStore(FestaTables tables, FestaMetrics metrics, SeatWriterBulkhead bulkhead) : ISignUpStore
{
    /// <summary>Fresh reads of the partition before giving up with "busy" (with the backoff, about 15 s of contention).</summary>
    private const int MaxReads = 40;

    /// <summary>Pools tried from one read before reading again (others may have moved them meanwhile).</summary>
    private const int PoolsPerRead = 3;

    private const int ParallelReads = 8;

    private static readonly TimeSpan StaleIndexAge = TimeSpan.FromMinutes(10);

    public async Task<SignUpOutcome> SignUpAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var _ = await bulkhead.EnterAsync(eventId, cancellationToken);
        var indexed = false;
        for (var read = 0; read < MaxReads; read++)
        {
            var partition = await EventPartition.ReadAsync(tables.Events, eventId, memberId, cancellationToken);
            if (partition is null)
            {
                return SignUpOutcome.NotFound;
            }

            if (partition.SignUpRow is not null)
            {
                return SignUpOutcome.AlreadySignedUp;
            }

            if (!partition.Event.IsOpenAt(now))
            {
                return SignUpOutcome.Closed;
            }

            var open = partition.Pools.Where(p => p.Pool.HasRoom).ToArray();
            if (open.Length == 0)
            {
                return SignUpOutcome.Full;
            }

            if (!indexed)
            {
                // Written before the seat, so "my sign-ups" can always find it; a hint only, verified when read.
                await tables.MemberSignups.UpsertEntityAsync(EventRows.ToMemberSignUpRow(memberId, partition.Event), TableUpdateMode.Replace, cancellationToken);
                indexed = true;
            }

            var outcome = await MoveSeatAsync(eventId, new(TableTransactionActionType.Add, EventRows.ToSignUpRow(eventId, memberId, now)),
                open, +1, StoreConflictSite.SignUpSeat, cancellationToken);
            if (outcome == BatchOutcome.Committed)
            {
                return SignUpOutcome.SignedUp;
            }

            if (outcome == BatchOutcome.FirstActionFailed)
            {
                return SignUpOutcome.AlreadySignedUp;
            }

            await BackOffAsync(read, cancellationToken);
        }

        return SignUpOutcome.Busy;
    }

    public async Task<CancelOutcome> CancelAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var _ = await bulkhead.EnterAsync(eventId, cancellationToken);
        for (var read = 0; read < MaxReads; read++)
        {
            var partition = await EventPartition.ReadAsync(tables.Events, eventId, memberId, cancellationToken);
            if (partition is null)
            {
                return CancelOutcome.NotFound;
            }

            if (partition.SignUpRow is not { } signUp)
            {
                return CancelOutcome.NotSignedUp;
            }

            if (!partition.Event.IsOpenAt(now))
            {
                return CancelOutcome.Closed;
            }

            var occupied = partition.Pools.Where(p => p.Pool.Taken > 0).ToArray();
            if (await MoveSeatAsync(eventId, new(TableTransactionActionType.Delete, signUp, signUp.ETag), occupied, -1,
                StoreConflictSite.CancelSeat, cancellationToken) == BatchOutcome.Committed)
            {
                return CancelOutcome.Cancelled;
            }

            // Pools moved, or the sign-up was cancelled meanwhile by another request: read again to answer.
            await BackOffAsync(read, cancellationToken);
        }

        return CancelOutcome.Busy;
    }

    public async Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken)
    {
        var from = after is null ? EventRows.SignUpPrefix : after;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {eventId.Value} and RowKey gt {from} and RowKey lt {EventRows.SignUpPrefixEnd}");
        var rows = new List<TableEntity>(limit + 1);
        await foreach (var row in tables.Events.QueryAsync<TableEntity>(filter, maxPerPage: limit + 1, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count > limit)
            {
                break;
            }
        }

        var page = rows.Take(limit).ToList();
        return new StorePage<SignUpRecord>(page.Select(EventRows.ToSignUp).ToList(), rows.Count > limit ? page[^1].RowKey : null);
    }

    public async Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var hints = new List<TableEntity>();
        await foreach (var row in tables.MemberSignups.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {memberId.Value}"), cancellationToken: cancellationToken))
        {
            hints.Add(row);
        }

        var found = new (FestaEvent, DateTimeOffset)?[hints.Count];
        await Parallel.ForAsync(0, hints.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await VerifyAsync(hints[i], memberId, ct));
        return found.OfType<(FestaEvent, DateTimeOffset)>().ToList();
    }

    /// <summary>The hint's event and sign-up time if the sign-up row exists; stale hints are removed.</summary>
    private async Task<(FestaEvent, DateTimeOffset)?> VerifyAsync(TableEntity hint, UserId memberId, CancellationToken cancellationToken)
    {
        var eventId = EventId.FromTrusted(hint.RowKey);
        var partition = await EventPartition.ReadAsync(tables.Events, eventId, memberId, cancellationToken);
        if (partition?.SignUpRow is { } signUp)
        {
            return (partition.Event, signUp.GetDateTimeOffset("SignedUpAt")!.Value);
        }

        // A sign-up in flight writes its hint first: leave young hints alone. The ETag makes sure a hint
        // re-written meanwhile by a new sign-up survives.
        if (hint.Timestamp is { } written && DateTimeOffset.UtcNow - written > StaleIndexAge)
        {
            try
            {
                await tables.MemberSignups.DeleteEntityAsync(hint.PartitionKey, hint.RowKey, hint.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
            {
            }
        }

        return null;
    }

    private enum BatchOutcome
    {
        Committed,

        /// <summary>The sign-up row's own operation failed (exists on sign-up, gone on cancel).</summary>
        FirstActionFailed,

        /// <summary>The pool changed since it was read.</summary>
        PoolChanged,
    }

    /// <summary>
    /// One batch per candidate pool (at most <see cref="PoolsPerRead"/>, in random order): the sign-up row's
    /// own action, then the pool row as read out and its successor (taken + <paramref name="delta"/>) in.
    /// </summary>
    /// <returns>Committed, FirstActionFailed, or PoolChanged when every pool tried had moved.</returns>
    private async Task<BatchOutcome> MoveSeatAsync(EventId eventId, TableTransactionAction signUpAction,
        (SeatPool Pool, ETag ETag)[] candidates, int delta, StoreConflictSite site, CancellationToken cancellationToken)
    {
        Random.Shared.Shuffle(candidates);
        foreach (var (pool, etag) in candidates.Take(PoolsPerRead))
        {
            var outcome = await TrySubmitAsync(
            [
                signUpAction,
                new(TableTransactionActionType.Delete, EventRows.ToPoolRow(eventId, pool), etag),
                new(TableTransactionActionType.Add, EventRows.ToPoolRow(eventId, pool with { Taken = pool.Taken + delta })),
            ], cancellationToken);
            if (outcome != BatchOutcome.PoolChanged)
            {
                return outcome;
            }

            metrics.StoreConflict(site);
        }

        return BatchOutcome.PoolChanged;
    }

    private async Task<BatchOutcome> TrySubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Events.SubmitTransactionAsync(actions, cancellationToken);
            return BatchOutcome.Committed;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return e.FailedTransactionActionIndex == 0 ? BatchOutcome.FirstActionFailed : BatchOutcome.PoolChanged;
        }
    }

    /// <summary>Exponential backoff with full jitter, so a crowd that lost a round spreads out instead of colliding again.</summary>
    private static Task BackOffAsync(int read, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(500, 8 << Math.Min(read, 10)))), cancellationToken);
}
