using Azure;
using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>
/// Seats on Table Storage, in the event's own partition. A commit is one entity-group transaction: delete a seat
/// pool row exactly as read + insert its successor with k more seats taken + insert k sign-up rows. The pool row's
/// key is its state (<see cref="SeatPool"/>), so a pool that another writer moved fails the delete (404) or the
/// insert (409); a member who already holds a row fails its insert (409). Either way nothing is written
/// (all-or-nothing), on Azure and on Azurite alike, without relying on If-Match inside a batch.
/// Entities per commit: 1 + k + 1 read (the round's range read is 1 + pools). See docs/concurrency.md.
/// </summary>
internal sealed partial class TableSeatLedger(FestaTables tables) : ISeatLedger
{
    /// <summary>Operations of a batch that are not sign-up rows: the pool row out and its successor in.</summary>
    private const int CounterActions = 2;

    private const int ParallelReads = 8;

    private static readonly TimeSpan StaleIndexAge = TimeSpan.FromMinutes(10);

    /// <summary>Azure's limit of 100 operations per entity-group transaction, less the pool's two.</summary>
    public int MaxClaimsPerCommit => TableBatches.MaxOperations - CounterActions;

    public async Task<SeatLedgerState?> ReadAsync(EventId eventId, CancellationToken cancellationToken)
    {
        var partition = await EventPartition.ReadAsync(tables.Events, eventId, null, cancellationToken);
        if (partition is { WaitlistRow: null })
        {
            // An event created before waiting lists existed has no list-state row: start its empty list once, then read again.
            await StartWaitlistAsync(partition, cancellationToken);
            partition = await EventPartition.ReadAsync(tables.Events, eventId, null, cancellationToken);
        }

        return partition is null
            ? null
            : new SeatLedgerState(partition.Event, partition.Pools
                .Select(p => new SeatCounter(p.Pool.Index, p.Pool.Taken, p.Pool.Capacity, p.ETag.ToString())).ToList(),
                WaitlistOf(partition.WaitlistRow));
    }

    /// <summary>
    /// Inserts the empty list's first state row (version 0) in one batch with a merge of the event row at the ETag read.
    /// The merge is what makes this safe: a writer that read "no state row" before someone else started the list (and
    /// perhaps moved it on to version 1, deleting version 0) fails on the event row's new ETag instead of putting a
    /// second list in place. Failing here is harmless: the caller reads again and sees the list that won.
    /// </summary>
    private async Task StartWaitlistAsync(EventPartition partition, CancellationToken cancellationToken)
    {
        var id = partition.Event.Id;
        try
        {
            await tables.Events.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateMerge, new TableEntity(id.Value, EventRows.EventKey) { [EventRows.WaitlistStartedProperty] = true },
                    partition.EventRow.ETag),
                new(TableTransactionActionType.Add, EventRows.ToWaitlistStateRow(id, 0, 0, 0)),
            ], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // Another request started it (or the event went): the next read shows what is there.
        }
    }

    public async Task<SeatCommit> CommitAsync(EventId eventId, SeatCounter counter, IReadOnlyList<SeatClaim> claims, CancellationToken cancellationToken)
    {
        if (counter.Taken + claims.Count > counter.Capacity)
        {
            // The successor key would record more seats taken than the pool holds: never written.
            return SeatCommit.CounterChanged;
        }

        var actions = MovePool(eventId, counter, claims.Count);
        actions.AddRange(claims.Select(c =>
            new TableTransactionAction(TableTransactionActionType.Add, EventRows.ToSignUpRow(eventId, c.MemberId, c.At, c.RequestId))));
        return await SubmitAsync(actions, cancellationToken);
    }

    public async Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, CancellationToken cancellationToken)
    {
        var actions = MovePool(eventId, counter, -1);
        actions.Add(new(TableTransactionActionType.Delete, new TableEntity(eventId.Value, EventRows.SignUpKey(record.MemberId)), new ETag(record.Version)));
        return await SubmitAsync(actions, cancellationToken);
    }

    public async Task<SeatRecord?> FindAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken)
    {
        var row = await tables.Events.GetEntityIfExistsAsync<TableEntity>(eventId.Value, EventRows.SignUpKey(memberId), cancellationToken: cancellationToken);
        return row is { HasValue: true, Value: { } signUp } && !EventRows.IsGuard(signUp)
            ? new SeatRecord(memberId, signUp.GetDateTimeOffset("SignedUpAt")!.Value, signUp.GetString("RequestId"), signUp.ETag.ToString())
            : null;
    }

    /// <summary>
    /// One entity-group transaction in the member's partition: the hint, and a merge of the gate row that fails (404)
    /// when the gate is not open. A member from before gates gets one opened here, once; if opening fails too (409: the
    /// "ever opened" mark exists) and the gate is still missing, it was closed, which only a withdrawal does.
    /// </summary>
    public async Task<HintWrite> IndexAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken)
    {
        var hint = EventRows.ToMemberSignUpRow(memberId, festaEvent);
        if (await TryIndexThroughGateAsync(hint, cancellationToken))
        {
            return HintWrite.Gated;
        }

        // Opened by this call, or by a concurrent one (its 409): either way a gate that exists now takes the hint.
        await OpenAsync(memberId, cancellationToken);
        return await TryIndexThroughGateAsync(hint, cancellationToken) ? HintWrite.Gated : HintWrite.GateClosed;
    }

    public async Task<bool> IsIndexedAsync(UserId memberId, EventId eventId, CancellationToken cancellationToken) =>
        (await tables.MemberSignups.GetEntityIfExistsAsync<TableEntity>(memberId.Value, eventId.Value, ["PartitionKey"], cancellationToken)).HasValue;

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

        // Guards take no seat and are no participant; the cursor still moves past them.
        var page = rows.Take(limit).ToList();
        return new StorePage<SignUpRecord>(page.Where(r => !EventRows.IsGuard(r)).Select(EventRows.ToSignUp).ToList(),
            rows.Count > limit ? page[^1].RowKey : null);
    }

    public async Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var hints = new List<TableEntity>();
        await foreach (var row in tables.MemberSignups.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {memberId.Value} and RowKey lt {EventRows.WaitHintPrefix}"), cancellationToken: cancellationToken))
        {
            hints.Add(row);
        }

        var found = new (FestaEvent, DateTimeOffset)?[hints.Count];
        await Parallel.ForAsync(0, hints.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await VerifyAsync(hints[i], memberId, ct));
        return found.OfType<(FestaEvent, DateTimeOffset)>().ToList();
    }

    /// <summary>The hint's event and sign-up time if the sign-up row exists (two point reads); stale hints are removed.</summary>
    private async Task<(FestaEvent, DateTimeOffset)?> VerifyAsync(TableEntity hint, UserId memberId, CancellationToken cancellationToken)
    {
        var eventId = EventId.FromTrusted(hint.RowKey);
        var eventRead = tables.Events.GetEntityIfExistsAsync<TableEntity>(eventId.Value, EventRows.EventKey, cancellationToken: cancellationToken);
        var signUp = await FindAsync(eventId, memberId, cancellationToken);
        var eventRow = await eventRead;
        if (signUp is not null && eventRow is { HasValue: true, Value: { } row })
        {
            return (EventRows.ToEvent(row), signUp.SignedUpAt);
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

    /// <summary>The pool row as read out (If-Match its ETag as well, where the store enforces it) and its successor in.</summary>
    private static List<TableTransactionAction> MovePool(EventId eventId, SeatCounter counter, int delta)
    {
        var pool = new SeatPool(counter.Index, counter.Taken, counter.Capacity);
        return
        [
            new(TableTransactionActionType.Delete, EventRows.ToPoolRow(eventId, pool), new ETag(counter.Version)),
            new(TableTransactionActionType.Add, EventRows.ToPoolRow(eventId, pool with { Taken = pool.Taken + delta })),
        ];
    }

    /// <summary>Failed operations 0–1 are the pool (it moved, or the event is gone); from 2 on, the sign-up rows.</summary>
    private async Task<SeatCommit> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Events.SubmitTransactionAsync(actions, cancellationToken);
            return SeatCommit.Committed;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return e.FailedTransactionActionIndex is { } index and >= CounterActions
                ? SeatCommit.ClaimExists(index - CounterActions)
                : SeatCommit.CounterChanged;
        }
    }
}
