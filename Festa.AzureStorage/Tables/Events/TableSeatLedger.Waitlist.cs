using Azure;
using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.Waitlist;
using Festa.Core.Members;
using Festa.AzureStorage.Tables.Outbox;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>
/// The waiting list on Table Storage, in the event's partition next to the seats. Every write is one entity-group
/// transaction that deletes the state row <c>event.wl.{version}</c> exactly as read and inserts its successor (version + 1,
/// never reused), so of two writers that read the same state at most one commits (the other's delete answers 404 or its
/// insert 409), on Azure and on Azurite alike. Entries are <c>wait.{sequence:D12}</c> (key order = first-come order) and
/// <c>waitm.{user}</c> (one per member, insert-if-absent). docs/data-model.md and docs/concurrency.md, "Waiting list".
/// </summary>
internal sealed partial class TableSeatLedger : IWaitlistLedger
{
    /// <summary>Operations a promotion batch spends on the pool and the state row (2 + 2); each promotion takes 3.</summary>
    private const int PromoteFixedActions = 4;

    /// <summary>Per promotion: entry out, index out, record in, and its <c>promoted</c> outbox row (24 per batch).</summary>
    public int MaxPromotionsPerCommit => (TableBatches.MaxOperations - PromoteFixedActions) / 4;

    public async Task<WaitlistCommit> JoinAsync(EventId eventId, WaitlistState waitlist, WaitingClaim claim, CancellationToken cancellationToken)
    {
        var actions = MoveWaitlist(eventId, waitlist, next: 1, length: 1);
        actions.Add(new(TableTransactionActionType.Add, new TableEntity(eventId.Value, EventRows.WaitKey(waitlist.Next))
        {
            ["MemberId"] = claim.MemberId.Value, ["JoinedAt"] = claim.At, ["RequestId"] = claim.RequestId,
        }));
        actions.Add(new(TableTransactionActionType.Add, new TableEntity(eventId.Value, EventRows.WaiterKey(claim.MemberId))
        {
            ["Sequence"] = waitlist.Next, ["JoinedAt"] = claim.At, ["RequestId"] = claim.RequestId,
        }));
        return await SubmitWaitlistAsync(actions, failed => failed == 3 ? WaitlistCommit.EntryExists : WaitlistCommit.Changed, cancellationToken);
    }

    public async Task<WaitingEntry?> FindWaitingAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken)
    {
        var row = await tables.Events.GetEntityIfExistsAsync<TableEntity>(eventId.Value, EventRows.WaiterKey(memberId), cancellationToken: cancellationToken);
        return row is { HasValue: true, Value: { } waiter }
            ? new WaitingEntry(memberId, waiter.GetInt64("Sequence")!.Value, waiter.GetDateTimeOffset("JoinedAt")!.Value, waiter.GetString("RequestId"),
                waiter.ETag.ToString())
            : null;
    }

    public async Task<int> PositionAsync(EventId eventId, WaitingEntry entry, CancellationToken cancellationToken)
    {
        // Keys only, one range: wait.0… ≤ RowKey ≤ wait.{mine}. Costs one entity per member ahead (≤ the list's cap).
        var count = 0;
        await foreach (var _ in tables.Events.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {eventId.Value} and RowKey ge {EventRows.WaitPrefix} and RowKey le {EventRows.WaitKey(entry.Sequence)}"),
            maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return Math.Max(1, count);
    }

    public async Task<WaitlistCommit> LeaveAsync(EventId eventId, WaitlistState waitlist, WaitingEntry entry, CancellationToken cancellationToken)
    {
        var actions = MoveWaitlist(eventId, waitlist, next: 0, length: -1);
        actions.AddRange(RemoveEntry(eventId, entry));
        return await SubmitWaitlistAsync(actions, _ => WaitlistCommit.Changed, cancellationToken);
    }

    public async Task<StorePage<WaitingEntry>> ListWaitingAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {eventId.Value} and RowKey gt {after ?? EventRows.WaitPrefix} and RowKey lt {EventRows.WaitPrefixEnd}");
        var rows = new List<TableEntity>(limit + 1);
        await foreach (var row in tables.Events.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, limit + 1), cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count > limit)
            {
                break;
            }
        }

        var page = rows.Take(limit).ToList();
        return new StorePage<WaitingEntry>(page.Select(ToEntry).ToList(), rows.Count > limit ? page[^1].RowKey : null);
    }

    public async Task<WaitlistCommit> ReleaseAndPromoteAsync(EventId eventId, SeatRecord released, WaitlistState waitlist, Promotion promotion,
        CancellationToken cancellationToken)
    {
        // [0] the canceller's record out, [1–2] the state row moves, [3–4] the head's entry out, [5] the head's record in.
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Delete, new TableEntity(eventId.Value, EventRows.SignUpKey(released.MemberId)), new ETag(released.Version)),
            .. MoveWaitlist(eventId, waitlist, next: 0, length: -1),
            .. RemoveEntry(eventId, promotion.Entry),
            new(TableTransactionActionType.Add, EventRows.ToSignUpRow(eventId, promotion.Entry.MemberId, promotion.At, promotion.PromotionId)),
        ];
        if (promotion.Notice is { } notice)
        {
            actions.Add(TableOutbox.Upsert(eventId, notice)); // [6] the promoted notice, committed with the seat
        }

        return await SubmitWaitlistAsync(actions, failed => failed == 5 ? WaitlistCommit.RecordExists(0) : WaitlistCommit.Changed, cancellationToken);
    }

    public async Task<SeatCommit> ReleaseAsync(EventId eventId, SeatCounter counter, SeatRecord record, WaitlistState waitlist, CancellationToken cancellationToken)
    {
        var actions = MovePool(eventId, counter, -1);
        actions.Add(new(TableTransactionActionType.Delete, new TableEntity(eventId.Value, EventRows.SignUpKey(record.MemberId)), new ETag(record.Version)));
        actions.AddRange(MoveWaitlist(eventId, waitlist, next: 0, length: 0));

        // [0–1] the pool, [2] the record (as read), [3–4] the empty list's state row.
        return (await SubmitWaitlistAsync(actions, failed => failed == 2 ? WaitlistCommit.RecordExists(0) : WaitlistCommit.Changed, cancellationToken)).Status switch
        {
            WaitlistCommitStatus.Committed => SeatCommit.Committed,
            WaitlistCommitStatus.RecordExists => SeatCommit.ClaimExists(0),
            _ => SeatCommit.CounterChanged,
        };
    }

    public async Task<WaitlistCommit> PromoteAsync(EventId eventId, SeatCounter counter, WaitlistState waitlist, IReadOnlyList<Promotion> promotions,
        CancellationToken cancellationToken)
    {
        if (counter.Taken + promotions.Count > counter.Capacity || promotions.Count > MaxPromotionsPerCommit)
        {
            return WaitlistCommit.Changed;
        }

        // [0–1] the pool takes k seats, [2–3] the state row moves, then per promotion: entry out, index out, record in.
        var actions = MovePool(eventId, counter, promotions.Count);
        actions.AddRange(MoveWaitlist(eventId, waitlist, next: 0, length: -promotions.Count));
        foreach (var promotion in promotions)
        {
            actions.AddRange(RemoveEntry(eventId, promotion.Entry));
            actions.Add(new(TableTransactionActionType.Add, EventRows.ToSignUpRow(eventId, promotion.Entry.MemberId, promotion.At, promotion.PromotionId)));
        }

        // Then the promoted notices (after every promotion's rows, so the failed-index arithmetic above is unchanged).
        actions.AddRange(promotions.Where(p => p.Notice is not null).Select(p => TableOutbox.Upsert(eventId, p.Notice!)));

        return await SubmitWaitlistAsync(actions, failed => failed >= PromoteFixedActions && (failed - PromoteFixedActions) % 3 == 2
            ? WaitlistCommit.RecordExists((failed - PromoteFixedActions) / 3)
            : WaitlistCommit.Changed, cancellationToken);
    }

    public async Task IndexWaitingAsync(UserId memberId, FestaEvent festaEvent, CancellationToken cancellationToken) =>
        await tables.MemberSignups.UpsertEntityAsync(new TableEntity(memberId.Value, EventRows.WaitHintPrefix + festaEvent.Id.Value)
        {
            ["StartsAt"] = festaEvent.StartsAt,
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<(FestaEvent Event, WaitingEntry Entry)>> ListWaitingOfMemberAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var hints = new List<TableEntity>();
        await foreach (var row in tables.MemberSignups.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {memberId.Value} and RowKey gt {EventRows.WaitHintPrefix} and RowKey lt {EventRows.WaitHintPrefixEnd}"), cancellationToken: cancellationToken))
        {
            hints.Add(row);
        }

        var found = new (FestaEvent, WaitingEntry)?[hints.Count];
        await Parallel.ForAsync(0, hints.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await VerifyWaitingAsync(hints[i], memberId, ct));
        return found.OfType<(FestaEvent, WaitingEntry)>().ToList();
    }

    public async Task<IReadOnlyList<UserId>> ClearAsync(EventId eventId, CancellationToken cancellationToken)
    {
        var waiting = new List<TableEntity>();
        var waiters = new List<TableEntity>();
        await foreach (var row in tables.Events.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {eventId.Value} and RowKey gt {EventRows.WaitPrefix} and RowKey lt {EventRows.WaiterPrefixEnd}"),
            cancellationToken: cancellationToken))
        {
            row.ETag = ETag.All;
            (row.RowKey.StartsWith(EventRows.WaiterPrefix, StringComparison.Ordinal) ? waiters : waiting).Add(row);
        }

        var members = waiting.Select(w => UserId.FromTrusted(w.GetString("MemberId"))).ToList();
        await TableBatches.DeleteAsync(tables.Events, [.. waiting, .. waiters], cancellationToken);
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (member, ct) => await tables.MemberSignups.DeleteEntityAsync(member.Value, EventRows.WaitHintPrefix + eventId.Value, ETag.All, ct));
        return members;
    }

    private static WaitlistState? WaitlistOf(TableEntity? row) => row is null
        ? null
        : new WaitlistState(row.GetInt64("Next") ?? 0, row.GetInt32("Length") ?? 0, row.RowKey);

    private static WaitingEntry ToEntry(TableEntity row) => new(UserId.FromTrusted(row.GetString("MemberId")),
        long.Parse(row.RowKey.AsSpan(EventRows.WaitPrefix.Length), System.Globalization.CultureInfo.InvariantCulture),
        row.GetDateTimeOffset("JoinedAt")!.Value, row.GetString("RequestId"), row.ETag.ToString());

    /// <summary>The state row as read out (its key is its version: delete-if-present) and its successor in (insert-if-absent).</summary>
    private static List<TableTransactionAction> MoveWaitlist(EventId eventId, WaitlistState waitlist, long next, int length)
    {
        var version = EventRows.VersionOf(waitlist.Version);
        return
        [
            new(TableTransactionActionType.Delete, new TableEntity(eventId.Value, waitlist.Version), ETag.All),
            new(TableTransactionActionType.Add, EventRows.ToWaitlistStateRow(eventId, version + 1, waitlist.Next + next, waitlist.Length + length)),
        ];
    }

    /// <summary>A waiting entry and its member index out (both must be there: a promoted or departed entry fails the batch).</summary>
    private static IEnumerable<TableTransactionAction> RemoveEntry(EventId eventId, WaitingEntry entry) =>
    [
        new(TableTransactionActionType.Delete, new TableEntity(eventId.Value, EventRows.WaitKey(entry.Sequence)), ETag.All),
        new(TableTransactionActionType.Delete, new TableEntity(eventId.Value, EventRows.WaiterKey(entry.MemberId)), ETag.All),
    ];

    private async Task<WaitlistCommit> SubmitWaitlistAsync(IReadOnlyList<TableTransactionAction> actions, Func<int, WaitlistCommit> failedAt,
        CancellationToken cancellationToken)
    {
        try
        {
            await tables.Events.SubmitTransactionAsync(actions, cancellationToken);
            return WaitlistCommit.Committed;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return failedAt(e.FailedTransactionActionIndex ?? -1);
        }
    }

    /// <summary>The hint's event and the member's entry, read in parallel (two point reads); old hints without an entry are removed.</summary>
    private async Task<(FestaEvent, WaitingEntry)?> VerifyWaitingAsync(TableEntity hint, UserId memberId, CancellationToken cancellationToken)
    {
        var eventId = EventId.FromTrusted(hint.RowKey[EventRows.WaitHintPrefix.Length..]);
        var eventRead = tables.Events.GetEntityIfExistsAsync<TableEntity>(eventId.Value, EventRows.EventKey, cancellationToken: cancellationToken);
        var entry = await FindWaitingAsync(eventId, memberId, cancellationToken);
        var eventRow = await eventRead;
        if (entry is not null && eventRow is { HasValue: true, Value: { } row })
        {
            return (EventRows.ToEvent(row), entry);
        }

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
}
