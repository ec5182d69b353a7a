using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;

namespace Festa.Core.Events.Waitlist;

/// <summary>
/// The <c>promoted</c> notice, through the notification outbox (docs/concurrency.md, "Notifications: the outbox"): the
/// entry (<see cref="For"/>) travels in the very transaction that gives the member the seat (each ledger adds it to
/// <see cref="IWaitlistLedger.ReleaseAndPromoteAsync"/>'s and <see cref="IWaitlistLedger.PromoteAsync"/>'s batch), so a
/// promotion and its notice commit together or not at all. The event is marked pending before
/// (<see cref="MarkPendingAsync"/>) and dispatched at once after the commit (<see cref="DispatchAsync"/>); if that attempt
/// fails or the instance dies, the outbox timer delivers it. The entry id is derived from the promotion id (event,
/// member, sequence) and inbox adds are insert-if-absent, so the member gets exactly one notice.
/// </summary>
public sealed class PromotionNotices(IOutboxStore outbox, OutboxDispatcher dispatcher, TimeProvider time)
{
    /// <summary>The outbox entry announcing the promotion (id <c>promoted.{promotionId}</c>, 73 characters).</summary>
    public static OutboxEntry For(FestaEvent festaEvent, UserId memberId, string promotionId, DateTimeOffset at) =>
        OutboxEntry.Notice("promoted." + promotionId, festaEvent.Id, memberId, NotificationKind.Promoted,
            $"You have a seat at {festaEvent.Title}",
            $"A seat became free and you were next on the waiting list: you are signed up for \"{festaEvent.Title}\".", at);

    /// <summary>Before the promoting transaction: lets the outbox timer find the event (an idempotent upsert).</summary>
    public Task MarkPendingAsync(EventId eventId, CancellationToken cancellationToken) =>
        outbox.MarkPendingAsync(eventId, time.GetUtcNow(), cancellationToken);

    /// <summary>After the commit: the immediate delivery attempt. Never throws for a store or queue fault (the timer retries).</summary>
    public Task DispatchAsync(EventId eventId, CancellationToken cancellationToken) => dispatcher.TryDispatchAsync(eventId, cancellationToken);
}
