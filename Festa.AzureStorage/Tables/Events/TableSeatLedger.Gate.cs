using Azure;
using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;

namespace Festa.AzureStorage.Tables.Events;

/// <summary>
/// The member's sign-up gate on Table Storage: two rows in the member's <c>MemberSignups</c> partition, after every
/// hint key ('~' sorts after hex event ids and "wait."), so no hint range reads them. <c>~gate</c> exists while the
/// gate is open; <c>~gate.opened</c> is never deleted, so a gate opens at most once. A gated hint is the batch
/// [upsert hint, merge <c>~gate</c> If-Match *]: Azure (and Azurite) fail the whole batch with 404 once the gate is gone.
/// Guards are rows under the member's seat key in the event's partition with <c>Guard = true</c>.
/// </summary>
internal sealed partial class TableSeatLedger : ISignUpGate
{
    internal const string GateKey = "~gate";
    internal const string OpenedKey = "~gate.opened";

    public async Task<bool> OpenAsync(UserId memberId, CancellationToken cancellationToken)
    {
        try
        {
            await tables.MemberSignups.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(memberId.Value, GateKey)),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(memberId.Value, OpenedKey)),
            ], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return false; // open already, or closed for good
        }
    }

    public async Task CloseAsync(UserId memberId, CancellationToken cancellationToken)
    {
        // The mark first: from then on no OpenAsync succeeds, so deleting the gate closes it for good. A 404 is no error.
        await tables.MemberSignups.UpsertEntityAsync(new TableEntity(memberId.Value, OpenedKey), TableUpdateMode.Replace, cancellationToken);
        await tables.MemberSignups.DeleteEntityAsync(memberId.Value, GateKey, ETag.All, cancellationToken);
    }

    public async Task<IReadOnlyList<EventId>> ListHintedAsync(UserId memberId, CancellationToken cancellationToken)
    {
        var events = new List<EventId>();
        await foreach (var row in tables.MemberSignups.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {memberId.Value} and RowKey lt {EventRows.WaitHintPrefix}"),
            select: ["RowKey"], cancellationToken: cancellationToken))
        {
            events.Add(EventId.FromTrusted(row.RowKey));
        }

        return events;
    }

    /// <summary>
    /// Insert-if-absent of the guard, then a point read of the event row: if the event is gone, the guard is taken back.
    /// Against a deletion (event row out, then its seat keys listed and removed) this is Dekker's order: either the read
    /// sees the event, and the deletion's later listing sees the guard and removes it, or the read sees it gone.
    /// </summary>
    public async Task<GuardOutcome> GuardAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Events.AddEntityAsync(EventRows.ToGuardRow(eventId, memberId), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A seat (or a guard already, perhaps this call's own after an SDK retry).
            var existing = await tables.Events.GetEntityIfExistsAsync<TableEntity>(eventId.Value, EventRows.SignUpKey(memberId), cancellationToken: cancellationToken);
            if (existing is { HasValue: true, Value: { } row } && !EventRows.IsGuard(row))
            {
                // A deleted event's seat rows stay until the outbox has told their holders: no seat can commit there any more.
                return await EventExistsAsync(eventId, cancellationToken) ? GuardOutcome.SeatHeld : GuardOutcome.EventGone;
            }

            if (!existing.HasValue)
            {
                return await GuardAsync(eventId, memberId, cancellationToken); // the seat was freed in between
            }
        }

        if (await EventExistsAsync(eventId, cancellationToken))
        {
            return GuardOutcome.Guarded;
        }

        // The key holds this member's guard (from this call or an earlier one that crashed before its read): take it back.
        await tables.Events.DeleteEntityAsync(eventId.Value, EventRows.SignUpKey(memberId), ETag.All, cancellationToken);
        return GuardOutcome.EventGone;
    }

    private async Task<bool> EventExistsAsync(EventId eventId, CancellationToken cancellationToken) =>
        (await tables.Events.GetEntityIfExistsAsync<TableEntity>(eventId.Value, EventRows.EventKey, ["PartitionKey"], cancellationToken)).HasValue;

    public async Task<bool> IsGuardedAsync(EventId eventId, UserId memberId, CancellationToken cancellationToken) =>
        await tables.Events.GetEntityIfExistsAsync<TableEntity>(eventId.Value, EventRows.SignUpKey(memberId), cancellationToken: cancellationToken)
            is { HasValue: true, Value: { } row } && EventRows.IsGuard(row);

    private async Task<bool> TryIndexThroughGateAsync(TableEntity hint, CancellationToken cancellationToken)
    {
        try
        {
            await tables.MemberSignups.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, hint),
                new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(hint.PartitionKey, GateKey), ETag.All),
            ], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
