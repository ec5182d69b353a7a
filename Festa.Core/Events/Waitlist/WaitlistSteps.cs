using Festa.Core.Events.Delete;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Festa.Core.Members.Withdraw;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;

namespace Festa.Core.Events.Waitlist;

/// <summary>A member who leaves gives up their waiting-list places (their seats are freed, and promoted, by <see cref="SignUps.FreeSeatsOnWithdrawal"/>).</summary>
public sealed class LeaveWaitlistsOnWithdrawal(ISeatLedger seats, WaitlistService waitlists) : IWithdrawalStep
{
    public async Task<bool> RunAsync(UserId memberId, CancellationToken cancellationToken)
    {
        if (seats is not IWaitlistLedger ledger)
        {
            return true;
        }

        foreach (var (e, _) in await ledger.ListWaitingOfMemberAsync(memberId, cancellationToken))
        {
            await waitlists.LeaveAsync(e.Id, memberId, cancellationToken);
        }

        // Done only when a fresh listing is empty (a join that passed its session check may have landed meanwhile).
        return (await ledger.ListWaitingOfMemberAsync(memberId, cancellationToken)).Count == 0;
    }
}

/// <summary>
/// A deleted event's waiting members are told, like its participants, and its waiting list is removed. Runs after
/// the event is gone, when no waiting-list transaction can commit any more (each names the list's state, deleted
/// with the event). The notification id is derived from event and member, so a repeated run adds nothing twice.
/// </summary>
public sealed class NotifyWaitingOnEventDeletion(ISeatLedger seats, INotificationStore notifications, TimeProvider time) : IEventDeletionStep
{
    private const int ParallelWrites = 8;

    public async Task RunAsync(FestaEvent deleted, CancellationToken cancellationToken)
    {
        if (seats is not IWaitlistLedger ledger)
        {
            return;
        }

        var waiting = await ledger.ClearAsync(deleted.Id, cancellationToken);
        var now = time.GetUtcNow();
        await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken },
            async (member, ct) => await notifications.TryAddAsync(new Notification(
                Notification.IdOf("waitlist-deleted", deleted.Id.Value, member.Value), member, NotificationKind.EventCancelled, deleted.Id.Value,
                $"Cancelled: {deleted.Title}", $"\"{deleted.Title}\" was cancelled by its host; your place on its waiting list is gone.", now, null), ct));
    }
}

/// <summary>
/// Wraps the store's <see cref="IEventStore"/>: after a capacity raise is stored, the new seats go to the head of the
/// waiting list, in order, up to the raise (<see cref="WaitlistPromoter.PromoteAllAsync"/>). Lowering promotes nobody.
/// </summary>
public sealed class PromoteOnCapacityRaise(IEventStore inner, WaitlistPromoter promoter) : IEventStore
{
    public Task<CreateEventOutcome> CreateAsync(FestaEvent newEvent, CancellationToken cancellationToken) => inner.CreateAsync(newEvent, cancellationToken);

    public Task<EventSnapshot?> FindAsync(EventId id, UserId? viewer, CancellationToken cancellationToken) => inner.FindAsync(id, viewer, cancellationToken);

    public async Task<UpdateEventOutcome> UpdateAsync(FestaEvent updated, EventSnapshot basis, OutboxEntry? notice, CancellationToken cancellationToken)
    {
        var outcome = await inner.UpdateAsync(updated, basis, notice, cancellationToken);
        if (outcome == UpdateEventOutcome.Updated && updated.Capacity > basis.Event.Capacity)
        {
            await promoter.PromoteAllAsync(updated.Id, cancellationToken);
        }

        return outcome;
    }

    public Task DeleteAsync(FestaEvent doomed, OutboxEntry notice, CancellationToken cancellationToken) => inner.DeleteAsync(doomed, notice, cancellationToken);

    public Task<StorePage<FestaEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);
}
