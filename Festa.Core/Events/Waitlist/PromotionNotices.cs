using Festa.Core.Members;
using Festa.Core.Notifications;
using Microsoft.Extensions.Logging;

namespace Festa.Core.Events.Waitlist;

/// <summary>
/// The one place a <c>promoted</c> notice is sent: the member at the head of an event's waiting list took a seat.
/// Called right after the transaction that promoted them committed (and again by a retry that finds its promotion
/// committed). The notification's id is the promotion's id (<see cref="Promotion.Of"/>: event, member, sequence), and
/// <see cref="INotificationStore.TryAddAsync"/> is insert-if-absent by id, so a repeated call never notifies twice.
/// </summary>
/// <remarks>
/// Today the notice goes straight to the member's inbox after the commit; a crash between the commit and this call
/// loses it. The lead routes this method through the notification outbox (Festa.Core/Notifications, issue 16's
/// "exactly once") on merge: the outbox entry is then written with the promotion and this class only enqueues it.
/// </remarks>
public sealed partial class PromotionNotices(INotificationStore notifications, ILogger<PromotionNotices> logger)
{
    /// <summary>Adds the <c>promoted</c> notification (id = <paramref name="promotionId"/>) to the member's inbox. Never throws for a store fault: the seat is already the member's.</summary>
    public async Task SendAsync(FestaEvent festaEvent, UserId memberId, string promotionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var notice = new Notification(promotionId, memberId, NotificationKind.Promoted, festaEvent.Id.Value,
            $"You have a seat at {festaEvent.Title}",
            $"A seat became free and you were next on the waiting list: you are signed up for \"{festaEvent.Title}\".", at, null);
        try
        {
            await notifications.TryAddAsync(notice, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNoticeFailed(e, memberId.Value, festaEvent.Id.Value);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Member {MemberId} was promoted at event {EventId} but the notice was not written")]
    private partial void LogNoticeFailed(Exception exception, string memberId, string eventId);
}
